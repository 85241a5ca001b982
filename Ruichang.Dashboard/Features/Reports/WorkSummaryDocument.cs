using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Exports;

namespace Ruichang.Dashboard.Features.Reports;

/// <summary>
/// The figures section of a work summary as a Word document, for staff to edit into the department's own: the
/// period's key figures in sentences as the department writes them (counts by <see cref="SummaryNumbers"/>), the
/// county's rank among the counties on every metric with its change, a table per area with the exact figures,
/// the year's targets and what was reached, and the rankings as native Word charts (<see cref="RankingChartPart"/>).
/// A figure the database does not hold is written "暂无数据", never 0; a period that holds today says "截至X月X日".
/// </summary>
public static class WorkSummaryDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string NoData = "暂无数据";
    private const string Body = "仿宋";
    private const string Heading = "黑体";
    private const string TitleFont = "宋体";

    /// <summary>The metrics drawn as ranking charts, in this order.</summary>
    public static readonly string[] ChartMetrics = [MetricKeys.ArticlePlacements, MetricKeys.WeiboFollowers, MetricKeys.WeiboBci];

    public const string Extension = ".docx";

    /// <summary>
    /// The names the server gives the file, before <see cref="Extension"/>: <c>瑞昌网络宣传工作总结-2014年</c> or
    /// <c>…-2014年9月</c>, and in ASCII <c>work-summary-2014</c> or <c>work-summary-2014-09</c>.
    /// </summary>
    public static ExportFileName FileName(County home, RankingPeriod period) => new(
        $"{home.ShortName}网络宣传工作总结-{YearOrMonth(period)}",
        period.Kind == RankingPeriodKind.Month ? $"work-summary-{period.First}" : FormattableString.Invariant($"work-summary-{period.Year}"));

    public static byte[] Build(WorkSummary summary, DateOnly generatedOn)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            var body = new DocumentFormat.OpenXml.Wordprocessing.Body();
            main.Document = new Document(body);
            new Writer(summary, main, body, generatedOn).Write();
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
        }

        return stream.ToArray();
    }

    private static string YearOrMonth(RankingPeriod period) =>
        period.Kind == RankingPeriodKind.Month ? $"{period.Year}年{period.First.Start.Month}月" : $"{period.Year}年";

    private sealed class Writer(WorkSummary s, MainDocumentPart main, DocumentFormat.OpenXml.Wordprocessing.Body body, DateOnly generatedOn)
    {
        private readonly bool _isMonth = s.Period.Kind == RankingPeriodKind.Month;
        private uint _drawings;

        // "今年以来" as the department's year-end summary opens; "9月份" for a month's.
        private string Lead => _isMonth ? $"{s.Period.First.Start.Month}月份" : "今年以来";

        private string Previous => _isMonth ? "上月" : s.IsPartial ? "上年同期" : "上年";

        private string Among => $"在九江市{s.CountyCount}个县（市、区）中";

        public void Write()
        {
            Paragraph($"{s.Home.Name}{YearOrMonth(s.Period)}网络宣传工作总结", TitleFont, 44, bold: true, JustificationValues.Center);
            Paragraph("（数据部分初稿）", Body, 32, bold: false, JustificationValues.Center);
            if (s.IsPartial)
            {
                Text($"说明：{YearOrMonth(s.Period)}尚未结束，本稿数据截至{s.AsOf.Month}月{s.AsOf.Day}日，排名按各县（市、区）同期数据比较。");
            }

            Text($"本稿由瑞昌网络宣传指标看板于{generatedOn.Year}年{generatedOn.Month}月{generatedOn.Day}日根据已采集、填报的数据生成，"
                 + $"排名为{Among}的位次，变化与{Previous}相比；没有数据的项目写作“{NoData}”。请核实后修改使用。");

            Heading1("一、网络宣传");
            Heading2("1．网络媒体宣传");
            Text(Placements());
            Heading2("2．新兴媒体宣传");
            Text(Weibo());
            Text(MobilePaper());
            Text(OwnSite());
            if (WeChat() is { } wechat)
            {
                Text(wechat);
            }

            Heading1("二、网络评论");
            Text(Commentators());

            Heading1("三、网络舆情");
            Text(Opinion());

            Heading1($"四、{Among}的排名");
            Text($"排名期间为{s.Period.Label}{(s.IsPartial ? $"（截至{s.AsOf.Month}月{s.AsOf.Day}日）" : "")}，“上期排名”为{Previous}的排名。");
            RankTable();
            foreach (var key in ChartMetrics)
            {
                var ranking = s.RankingOf(key);
                if (ranking.Home?.Place.Value is null)
                {
                    Text($"{ranking.Metric.Name}排名图：{NoData}。");
                    continue;
                }

                body.Append(RankingChartPart.Add(main, ranking, $"{ranking.Metric.Name}排名（{s.Period.Label}）", ++_drawings));
            }

            Heading1("五、分项数据");
            AreaTables();

            Heading1("六、年度目标完成情况");
            TargetTable();

            Paragraph(s.Department, Body, 32, bold: false, JustificationValues.Right);
            Paragraph($"{generatedOn.Year}年{generatedOn.Month}月{generatedOn.Day}日", Body, 32, bold: false, JustificationValues.Right);
        }

        // ---- sentences ----------------------------------------------------------------------

        private string Placements()
        {
            if (s.Figure(MetricKeys.ArticlePlacements) is not { } placed)
            {
                return $"{Lead}，主流新闻网站刊发{s.Home.ShortName}稿件：{NoData}。";
            }

            var outlets = s.ChannelsOf(ChannelKinds.NewsFeed, ChannelKinds.NewsPage)
                .Where(c => c[MetricKeys.ArticlePlacements] is > 0).Select(c => c.Channel.Name).ToList();
            var who = outlets.Count == 0 ? "各大主流新闻网站" : $"{string.Join("、", outlets)}等各大主流新闻网站";
            return $"{Lead}，{who}共计刊发{s.Home.ShortName}稿件{Count(placed)}{Unit(MetricKeys.ArticlePlacements)}{RankClause(MetricKeys.ArticlePlacements)}。";
        }

        private string Weibo()
        {
            var accounts = s.ChannelsOf(ChannelKinds.Weibo).Where(c => c[MetricKeys.WeiboFollowers] is not null || c[MetricKeys.WeiboPosts] is not null).ToList();
            var names = accounts.ConvertAll(a => $"“{a.Channel.Name}”{Platform(a.Channel.Platform)}");
            var who = names.Count switch
            {
                0 => "官方微博",
                1 => $"{names[0]}官方微博",
                _ => $"{string.Join("、", names.Take(names.Count - 1))}和{names[^1]}{CountWord(names.Count)}个官方微博",
            };
            var followers = s.Figure(MetricKeys.WeiboFollowers) is { } f
                ? $"粉丝数量达{Count(f)}{Unit(MetricKeys.WeiboFollowers)}{RankClause(MetricKeys.WeiboFollowers)}"
                : $"粉丝数量{NoData}";
            var posts = s.Figure(MetricKeys.WeiboPosts) is { } p ? $"发布微博{Count(p)}{Unit(MetricKeys.WeiboPosts)}" : $"发布微博{NoData}";
            return $"{Lead}，{who}{followers}，{posts}。";
        }

        private string MobilePaper()
        {
            var name = s.ChannelsOf(ChannelKinds.MobilePaper).Select(c => c.Channel.Name).FirstOrDefault() ?? "手机报";
            var issues = s.Figure(MetricKeys.MobilePaperIssues) is { } i ? $"共发送{Count(i)}{Unit(MetricKeys.MobilePaperIssues)}" : $"发送期数{NoData}";
            var reach = s.Figure(MetricKeys.MobilePaperSubscribers) is { } u ? $"覆盖{s.Home.ShortName}范围内{Count(u)}手机用户" : $"覆盖用户数{NoData}";
            return $"{name}{Lead}{issues}，{reach}。";
        }

        private string OwnSite()
        {
            var name = s.ChannelsOf(ChannelKinds.OwnSite).Select(c => c.Channel.Name).FirstOrDefault() ?? "本地新闻网站";
            return s.Figure(MetricKeys.SiteArticles) is { } n
                ? $"{name}{Lead}共登载新闻稿件{Count(n)}{Unit(MetricKeys.SiteArticles)}。"
                : $"{name}登载新闻稿件：{NoData}。";
        }

        // Only when the county has a WeChat account with figures: before it opened there is nothing to say.
        private string? WeChat()
        {
            if (s.Figure(MetricKeys.WeChatFollowers) is not { } followers)
            {
                return null;
            }

            var articles = s.Figure(MetricKeys.WeChatArticles) is { } a ? $"发文{Count(a)}{Unit(MetricKeys.WeChatArticles)}" : $"发文数{NoData}";
            return $"官方微信公众号关注人数达{Count(followers)}{Unit(MetricKeys.WeChatFollowers)}，{articles}。";
        }

        private string Commentators()
        {
            var team = s.Figure(MetricKeys.CommentatorCount) is { } n
                ? $"全市网络评论员队伍共{Count(n)}{Unit(MetricKeys.CommentatorCount)}"
                    + (s.RecommendedCommentators > 0 ? $"，其中{Count(s.RecommendedCommentators)}人被推荐担任国家、省、九江市网络评论员" : "")
                : $"网络评论员人数：{NoData}";
            var reposts = s.Figure(MetricKeys.CommentatorReposts) is { } r
                ? $"转发{Count(r)}{Unit(MetricKeys.CommentatorReposts)}{RankClause(MetricKeys.CommentatorReposts)}"
                : $"转发数{NoData}";
            var replies = s.Figure(MetricKeys.CommentatorReplies) is { } p
                ? $"跟帖{Count(p)}{Unit(MetricKeys.CommentatorReplies)}{RankClause(MetricKeys.CommentatorReplies)}"
                : $"跟帖数{NoData}";
            return $"{team}。{Lead}，网络评论员{reposts}；{replies}。";
        }

        private string Opinion()
        {
            string Item(string key, string what) =>
                s.Figure(key) is { } n ? $"{what}{Count(n)}{Unit(key)}" : $"{what}{NoData}";

            return $"{Lead}，共计编发{Item(MetricKeys.OpinionSpecialReports, "《舆情专报》")}、{Item(MetricKeys.OpinionBulletins, "《舆情信息》")}、"
                   + $"{Item(MetricKeys.OpinionHandlingForms, "舆情处理单")}，走访接待舆论监督记者{(s.Figure(MetricKeys.JournalistVisits) is { } v ? $"{Count(v)}{Unit(MetricKeys.JournalistVisits)}" : NoData)}。";
        }

        // "，在九江市13个县（市、区）中排第3名，较上年上升2位"; nothing when the county is not ranked.
        private string RankClause(string key)
        {
            if (s.RankingOf(key).Home?.Place is not { Rank: { } rank } place)
            {
                return "";
            }

            var change = place.RankChange switch
            {
                null => "",
                0 => $"，与{Previous}持平",
                > 0 and var up => $"，较{Previous}上升{up}位",
                var down => $"，较{Previous}下降{-down}位",
            };
            return $"，{Among}排第{rank}名{change}";
        }

        private string Unit(string key) => s.RankingOf(key).Metric.Unit;

        private static string Count(double value) => SummaryNumbers.Write(value);

        // "三个官方微博", "两个" (never "二个") before a measure word.
        private static string CountWord(int n) => n == 2 ? "两" : n is > 0 and < 10 ? "零一二三四五六七八九"[n].ToString() : n.ToString(CultureInfo.InvariantCulture);

        private static string Platform(string? platform) => platform switch
        {
            "sina" => "新浪微博",
            "tencent" => "腾讯微博",
            "jxweibo" => "江西微博",
            _ => "微博",
        };

        // ---- tables -------------------------------------------------------------------------

        private void RankTable()
        {
            var rows = s.Rankings.Select(r =>
            {
                var place = r.Home?.Place;
                return new[]
                {
                    r.Metric.Name,
                    Exact(place?.Value, r.Metric),
                    place?.Rank is { } rank ? $"第{rank}名" : NoData,
                    place?.PreviousRank is { } before ? $"第{before}名" : NoData,
                    place?.RankChange switch { null => "—", 0 => "持平", > 0 and var up => $"上升{up}位", var down => $"下降{-down}位" },
                };
            });
            Table(["指标", "数值", "排名", "上期排名", "变化"], rows);
        }

        private void AreaTables()
        {
            var number = 0;
            void Sub(string title) => Heading2($"（{"一二三四五六七八九十"[number++]}）{title}");

            Sub("稿件刊发（按网站）");
            var placements = s.RankingOf(MetricKeys.ArticlePlacements).Metric;
            var outlets = s.ChannelsOf(ChannelKinds.NewsFeed, ChannelKinds.NewsPage).Where(c => c[MetricKeys.ArticlePlacements] is not null).ToList();
            if (outlets.Count == 0)
            {
                Text(NoData);
            }
            else
            {
                Table(
                    ["网站", $"稿件（{placements.Unit}）"],
                    outlets.Select(o => new[] { o.Channel.Name, Exact(o[MetricKeys.ArticlePlacements], placements) })
                        .Append(["合计", Exact(s.Figure(MetricKeys.ArticlePlacements), placements)]));
            }

            Sub("政务微博");
            string[] weiboKeys = [MetricKeys.WeiboFollowers, MetricKeys.WeiboPosts, MetricKeys.WeiboReposts, MetricKeys.WeiboComments, MetricKeys.WeiboLikes];
            ChannelTable([ChannelKinds.Weibo], "账号", weiboKeys, c => $"{c.Name}（{Platform(c.Platform)}）");

            Sub("手机报");
            ChannelTable([ChannelKinds.MobilePaper], "名称", [MetricKeys.MobilePaperIssues, MetricKeys.MobilePaperSubscribers], c => c.Name);

            // The own site and WeChat are newer than the seed's areas: a table only where the county has them.
            if (s.ChannelsOf(ChannelKinds.OwnSite).Any())
            {
                Sub("新闻网站");
                ChannelTable([ChannelKinds.OwnSite], "名称", [MetricKeys.SiteArticles], c => c.Name);
            }

            if (s.ChannelsOf(ChannelKinds.WeChat).Any())
            {
                Sub("微信公众号");
                ChannelTable([ChannelKinds.WeChat], "名称", [MetricKeys.WeChatFollowers, MetricKeys.WeChatArticles], c => c.Name);
            }

            Sub("网络评论员");
            CountyTable([MetricKeys.CommentatorCount, MetricKeys.CommentatorReposts, MetricKeys.CommentatorReplies], [("推荐上级网评员（人）", s.RecommendedCommentators.ToString("N0", CultureInfo.InvariantCulture))]);

            Sub("网络舆情工作");
            CountyTable([MetricKeys.OpinionSpecialReports, MetricKeys.OpinionBulletins, MetricKeys.OpinionHandlingForms, MetricKeys.JournalistVisits], []);
        }

        // One row per channel of the kinds with a figure in the period, then the county's total.
        private void ChannelTable(string[] kinds, string first, string[] keys, Func<Channel, string> name)
        {
            var channels = s.ChannelsOf(kinds).Where(c => keys.Any(k => c[k] is not null)).ToList();
            if (channels.Count == 0)
            {
                Text(NoData);
                return;
            }

            var metrics = keys.Select(k => s.RankingOf(k).Metric).ToList();
            var rows = channels.Select(c => metrics.Select(m => Exact(c[m.Key], m)).Prepend(name(c.Channel)).ToArray()).ToList();
            if (channels.Count > 1)
            {
                rows.Add([.. metrics.Select(m => Exact(s.Figure(m.Key), m)).Prepend("合计")]);
            }

            Table([first, .. metrics.Select(m => $"{m.Name}（{m.Unit}）")], rows);
        }

        // The county's own figures, one row per metric.
        private void CountyTable(string[] keys, IEnumerable<(string Name, string Value)> extra) =>
            Table(["项目", "数量"], keys.Select(k => new[] { $"{s.RankingOf(k).Metric.Name}（{Unit(k)}）", Exact(s.Figure(k), s.RankingOf(k).Metric) })
                .Concat(extra.Select(e => new[] { e.Name, e.Value })));

        private void TargetTable()
        {
            if (s.Targets.Count == 0)
            {
                Text($"暂未设定{s.Period.Year}年度目标。");
                return;
            }

            var reachedBy = s.IsPartial || _isMonth ? $"截至{s.AsOf.Month}月{s.AsOf.Day}日完成" : "全年完成";
            Table(
                ["指标", $"{s.Period.Year}年目标", reachedBy, "完成率"],
                s.Targets.Select(t => new[]
                {
                    t.Metric.Name,
                    Exact(t.Target, t.Metric),
                    Exact(t.Reached, t.Metric),
                    t.Share is { } share ? share.ToString("0.0%", CultureInfo.InvariantCulture) : NoData,
                }));
        }

        // Tables keep the exact figure: 2,037, an index to two decimals.
        private static string Exact(double? value, MetricDefinition metric) => value switch
        {
            null => NoData,
            { } v when metric.Key == MetricKeys.WeiboBci || v != Math.Floor(v) => v.ToString("N2", CultureInfo.InvariantCulture),
            { } v => v.ToString("N0", CultureInfo.InvariantCulture),
        };

        private void Table(string[] header, IEnumerable<string[]> rows)
        {
            var border = new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4U },
                new LeftBorder { Val = BorderValues.Single, Size = 4U },
                new BottomBorder { Val = BorderValues.Single, Size = 4U },
                new RightBorder { Val = BorderValues.Single, Size = 4U },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4U },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4U });
            var table = new Table(new TableProperties(
                new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
                border,
                new TableLayout { Type = TableLayoutValues.Autofit }));
            var grid = new TableGrid();
            foreach (var _ in header)
            {
                grid.Append(new GridColumn());
            }

            table.Append(grid);
            table.Append(Row(header, bold: true, isHeader: true));
            foreach (var row in rows)
            {
                table.Append(Row(row, bold: false, isHeader: false));
            }

            body.Append(table);
            // Word joins two tables that touch; a paragraph keeps them apart.
            body.Append(new Paragraph());
        }

        private static TableRow Row(string[] cells, bool bold, bool isHeader)
        {
            var row = new TableRow();
            if (isHeader)
            {
                row.Append(new TableRowProperties(new TableHeader()));
            }

            foreach (var text in cells)
            {
                row.Append(new TableCell(new Paragraph(
                    new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "0", Line = "300", LineRule = LineSpacingRuleValues.Auto }, new Justification { Val = JustificationValues.Center }),
                    TextRun(text, Body, 24, bold))));
            }

            return row;
        }

        // ---- paragraphs ---------------------------------------------------------------------

        private void Heading1(string text) => Paragraph(text, Heading, 32, bold: false, JustificationValues.Left);

        private void Heading2(string text) => Paragraph(text, Body, 32, bold: true, JustificationValues.Left);

        // Body text as the department's summaries are set: first line indented two characters.
        private void Text(string text) => body.Append(new Paragraph(
            new ParagraphProperties(new Indentation { FirstLineChars = 200, FirstLine = "640" }, new Justification { Val = JustificationValues.Both }),
            TextRun(text, Body, 32, bold: false)));

        private void Paragraph(string text, string font, int halfPoints, bool bold, JustificationValues justification) =>
            body.Append(new Paragraph(new ParagraphProperties(new Justification { Val = justification }), TextRun(text, font, halfPoints, bold)));

        private static Run TextRun(string text, string font, int halfPoints, bool bold)
        {
            var properties = new RunProperties(new RunFonts { EastAsia = font, Hint = FontTypeHintValues.EastAsia });
            if (bold)
            {
                properties.Append(new Bold());
            }

            properties.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
            return new Run(properties, new DocumentFormat.OpenXml.Wordprocessing.Text(text) { Space = SpaceProcessingModeValues.Preserve });
        }
    }

    // Chinese text by default, in 仿宋 三号 with Times New Roman for Latin letters and digits, 28-point lines.
    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = Body, ComplexScript = "Times New Roman" },
                    new FontSize { Val = "32" },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { Before = "0", After = "0", Line = "560", LineRule = LineSpacingRuleValues.Exact }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
    }
}
