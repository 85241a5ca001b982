namespace Ruichang.Dashboard.Features.Channels;

public static class ChannelsFeature
{
    /// <summary>The channel rules, commands and queries that the admin page and the API share.</summary>
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChannelValidator>();
        builder.Services.AddSingleton<ChannelCommands>();
        builder.Services.AddSingleton<ChannelQueries>();
        return builder;
    }
}
