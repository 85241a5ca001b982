using Microsoft.Extensions.DependencyInjection.Extensions;
using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Features.Sources.Articles;
using Ruichang.Dashboard.Features.Sources.Commentators;
using Ruichang.Dashboard.Features.Sources.Counters;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Features.Sources.Parsing;
using Ruichang.Dashboard.Features.Sources.Rankings;
using Ruichang.Dashboard.Features.Sources.Weibo;

namespace Ruichang.Dashboard.Features.Sources;

public static class SourcesFeature
{
    /// <summary>
    /// The outbound HTTP fence (<c>Sources:*</c>), the limits of Excel files (<c>Spreadsheets:*</c>, checked
    /// on start), the store every reading goes through, and one registration per source kind: a new kind
    /// is a folder under <c>Features/Sources</c> with its adapter and what it stores, and one line here.
    /// </summary>
    public static IHostApplicationBuilder AddSources(this IHostApplicationBuilder builder)
    {
        builder.AddSourceHttp();
        builder.AddSettings<SpreadsheetOptions, SpreadsheetOptionsValidator>(SpreadsheetOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SourceStore>();

        builder.Services.AddWeiboSource();
        builder.Services.AddArticleSources();
        builder.Services.AddCounterSource();
        builder.Services.AddCommentatorSource();
        builder.Services.AddRankingSource();
        return builder;
    }
}
