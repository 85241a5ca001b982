using Ruichang.Dashboard.Features.Sources.Parsing;

namespace Ruichang.Dashboard.Tests.Features.Sources.Parsing;

/// <summary>The dates Chinese feeds and list pages carry, read in the county's zone when they have none.</summary>
public sealed class LenientDatesTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData("Tue, 30 Sep 2014 08:00:00 +0800", "2014-09-30T00:00:00")]
    [InlineData("Tue, 30 Sep 2014 08:00:00 GMT", "2014-09-30T08:00:00")]
    [InlineData("Tue, 30 Sep 2014 08:00:00 +08:00", "2014-09-30T00:00:00")]
    [InlineData("Tue, 30 Sep 2014 08:00:00 GMT+8", "2014-09-30T00:00:00")]
    [InlineData("Tue, 30 Sep 2014 08:00 CST", "2014-09-30T00:00:00")]
    [InlineData("Tue, 30 Sep 2014 08:00:00 EDT", "2014-09-30T12:00:00")]
    [InlineData("Mon, 30 Sep 2014 08:00:00 +0800", "2014-09-30T00:00:00")] // a wrong weekday is ignored
    [InlineData("30 Sep 14 08:00:00 +0000", "2014-09-30T08:00:00")]
    [InlineData("Tue, 30 September 2014 08:00:00 Z", "2014-09-30T08:00:00")]
    [InlineData("Tue, 30 Sep 2014 08:00:00", "2014-09-30T00:00:00")] // no zone: Shanghai
    [InlineData("Fri Aug 28 00:00:00 +0800 2009", "2009-08-27T16:00:00")]
    [InlineData("2014-09-30T08:00:00+08:00", "2014-09-30T00:00:00")]
    [InlineData("2014-09-30T00:00:00.000Z", "2014-09-30T00:00:00")]
    [InlineData("2014-09-30 08:00:00", "2014-09-30T00:00:00")]
    [InlineData("2014/9/30 8:00", "2014-09-30T00:00:00")]
    [InlineData("2014.09.30", "2014-09-29T16:00:00")]
    [InlineData("2014年09月30日 08:00", "2014-09-30T00:00:00")]
    [InlineData("2014年9月30日8时30分", "2014-09-30T00:30:00")]
    [InlineData("2014年09月30日", "2014-09-29T16:00:00")]
    [InlineData("２０１４－０９－３０　０８：００", "2014-09-30T00:00:00")] // full-width
    public void Reads_the_whole_text_as_a_date(string text, string expectedUtc)
    {
        Assert.True(LenientDates.TryParse(text, Shanghai, out var utc), text);
        Assert.Equal(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("昨天")]
    [InlineData("2014-13-01")]
    [InlineData("2014-02-30 08:00")]
    [InlineData("Tue, 30 Sep 2014 25:00:00 +0800")]
    [InlineData("Tue, 30 Foo 2014 08:00:00 +0800")]
    [InlineData("Tue, 30 Sep 2014 08:00:00 XYZ")]
    public void Refuses_what_is_not_a_date(string text) =>
        Assert.False(LenientDates.TryParse(text, Shanghai, out _));

    [Theory]
    [InlineData("发布时间：2014-09-30 08:00", "2014-09-30T00:00:00")]
    [InlineData("[2014-09-30]", "2014-09-29T16:00:00")]
    [InlineData("（2014年9月30日）", "2014-09-29T16:00:00")]
    [InlineData("来源：九江日报 2014/09/30 08:15:00", "2014-09-30T00:15:00")]
    public void Finds_a_date_inside_a_list_cell(string text, string expectedUtc)
    {
        Assert.True(LenientDates.TryFind(text, Shanghai, out var utc), text);
        Assert.Equal(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), utc);
    }

    [Fact]
    public void The_rfc_822_shortcut_reads_exactly_what_the_patterns_read()
    {
        string[] weekdays = ["Tue", "Mon", "tue", "Xyz"];
        string[] days = ["30", "31", "01", "29", "00"];
        string[] months = ["Sep", "Feb", "sep", "SEP", "Foo"];
        string[] years = ["2014", "2016", "1899", "0099"];
        string[] times = ["08:00:00", "23:59:60", "24:00:00", "00:60:00"];
        string[] zones = ["GMT", "UT", "UTC", "Z", "+0800", "-0530", "+1400", "+1500", "+0860", "gmt", "CST", "+08:00"];
        var read = 0;
        foreach (var text in
            from w in weekdays from d in days from m in months from y in years from t in times from z in zones
            select $"{w}, {d} {m} {y} {t} {z}")
        {
            var shortcut = LenientDates.TryRfc822(text, Shanghai, out var fast);
            var patterns = LenientDates.TryReadWithPatterns(text, Shanghai, anywhere: false, out var slow);
            Assert.True(!shortcut || (patterns && fast == slow && fast.Kind == slow.Kind), text);
            Assert.Equal(patterns, LenientDates.TryParse(text, Shanghai, out var utc));
            Assert.Equal(slow, utc);
            read += shortcut ? 1 : 0;
        }

        // The shortcut takes the common shapes; the rest is left to the patterns.
        Assert.True(read > 1000, $"{read}");
        Assert.True(LenientDates.TryRfc822(" Tue, 30 Sep 2014 08:00:00 +0800 ".AsSpan().Trim(), Shanghai, out _));
    }

    [Fact]
    public void An_exact_format_is_a_local_time_in_the_county()
    {
        Assert.True(LenientDates.TryParseExact("30/09/2014 08:00", "dd/MM/yyyy HH:mm", Shanghai, out var utc));
        Assert.Equal(new DateTime(2014, 9, 30, 0, 0, 0, DateTimeKind.Utc), utc);
        Assert.False(LenientDates.TryParseExact("2014-09-30", "dd/MM/yyyy HH:mm", Shanghai, out _));
    }
}
