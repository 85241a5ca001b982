using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Tests.Features.Sources;

public sealed class CountyMatcherTests
{
    private static readonly County[] Counties =
    [
        new() { Code = "360481", Name = "瑞昌市", ShortName = "瑞昌", Keywords = "瑞昌，铜岭" },
        new() { Code = "360423", Name = "武宁县", ShortName = "武宁", Keywords = "武宁, Wuning" },
        new() { Code = "360424", Name = "修水县", ShortName = "修水", Keywords = "" },
    ];

    private readonly CountyMatcher _matcher = new(Counties);

    [Theory]
    [InlineData("铜岭遗址保护", new[] { "360481" })]
    [InlineData("瑞昌与武宁联合开展", new[] { "360481", "360423" })]
    [InlineData("WUNING county news", new[] { "360423" })]
    [InlineData("修水县召开大会", new[] { "360424" })]
    [InlineData("九江新闻", new string[0])]
    [InlineData("武宁WuNing瑞昌", new[] { "360481", "360423" })]
    [InlineData("铜岭铜岭铜岭，修水县召开大会", new[] { "360481", "360424" })]
    public void A_text_is_about_the_counties_whose_name_or_keyword_it_holds_in_any_case(string text, string[] codes) =>
        Assert.Equal(codes, _matcher.Match(text));

    [Fact]
    public void The_shared_matcher_and_the_one_off_match_agree() =>
        Assert.Equal(CountyMatcher.Match("瑞昌 Wuning", Counties), _matcher.Match("瑞昌 Wuning"));
}
