using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Tests.Features.Exports;

public sealed class FormulaGuardTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1")]
    [InlineData("-1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1")]
    [InlineData("\r=1")]
    [InlineData("\n=1")]
    public void Text_starting_with_a_trigger_gets_a_leading_quote_and_reads_back_as_it_was(string text)
    {
        var neutralized = FormulaGuard.Neutralize(text);

        Assert.Equal("'" + text, neutralized);
        Assert.Equal(text, FormulaGuard.Restore(neutralized!));
    }

    [Fact]
    public void Every_trigger_character_is_covered()
    {
        Assert.Equal(['=', '+', '-', '@', '\t', '\r', '\n'], FormulaGuard.Triggers);
    }

    [Theory]
    [InlineData("瑞昌市")]
    [InlineData("a=1")]
    [InlineData(" =1")]
    [InlineData("'quoted")]
    [InlineData("")]
    public void Other_text_is_left_as_it_is_both_ways(string text)
    {
        Assert.Equal(text, FormulaGuard.Neutralize(text));
        Assert.Equal(text, FormulaGuard.Restore(text));
    }

    [Fact]
    public void No_text_stays_no_text()
    {
        Assert.Null(FormulaGuard.Neutralize(null));
    }
}
