using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Components.Shared;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Localization;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Rankings;

/// <summary>
/// <c>/rankings?metric=&amp;period=</c>: the thirteen counties on one metric over one period, as a bar chart with
/// the home county highlighted and as a table with rank, change and the gap to the county above; the home
/// county's place, gap and pacing in words; per-account indexes for the Weibo index; the provincial list's
/// positions over time. Without a period it shows the last whole month: the prefecture's figures for the
/// other counties come monthly. Changes to the metric's figures re-read it while it is open.
/// </summary>
public sealed partial class RankingsPage : ComponentBase
{
    private const string HomeColor = "#B71C1C";
    private const string OtherColor = "#90A4AE";

    private static readonly IReadOnlyDictionary<string, object?> PositionOptions = new Dictionary<string, object?>
    {
        // Lower is better: first place on top.
        ["yaxis"] = new { reversed = true, min = 1, forceNiceScale = true },
        ["markers"] = new { size = 5 },
        ["stroke"] = new { width = 3 },
    };

    private IReadOnlyList<MetricDefinition> _metrics = [];
    private string? _metricKey;
    private RankingPeriodKind _kind = RankingPeriodKind.Month;
    private RankingPeriod? _period;
    private Ranking? _ranking;
    private PacingForecast? _pacing;
    private IReadOnlyList<AccountIndex> _accounts = [];
    private IReadOnlyList<PublishedPosition> _positions = [];
    private ApexChart? _chart;
    private ApexChart? _positionsChart;
    private IReadOnlyList<string> _barLabels = [];
    private IReadOnlyList<ChartSeries> _barSeries = [];
    private IReadOnlyDictionary<string, object?>? _barOptions;
    private IReadOnlyList<string> _positionLabels = [];
    private IReadOnlyList<ChartSeries> _positionSeries = [];
    private IDisposable? _subscription;
    private CoalescingRefresh? _refresh;
    private FigureView _view;

    [Inject]
    private RankingQueries Queries { get; set; } = default!;

    [Inject]
    private FigureViews Views { get; set; } = default!;

    [Inject]
    private IOptionsMonitor<DepartmentOptions> Department { get; set; } = default!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject]
    private ChangeNotifier Changes { get; set; } = default!;

    [Inject]
    private CountyClock Clock { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<RankingsPage> Logger { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "metric")]
    public string? MetricQuery { get; set; }

    [SupplyParameterFromQuery(Name = "period")]
    public string? PeriodQuery { get; set; }

    private int RankedCount => _ranking?.Rows.Count(r => r.Place.Rank is not null) ?? 0;

    private string ChartTitle => _ranking is null ? "" :
        $"{Ui.Text(_ranking.Metric.Name, _ranking.Metric.NameEn)} · {Ui.Period(_ranking.Period)}{(_ranking.IsSoFar ? Ui.Text("（至今）", " (to date)") : "")}";

    protected override async Task OnInitializedAsync()
    {
        _view = Views.For((await Authentication.GetAuthenticationStateAsync()).User);
        _metrics = await Queries.GetMetricsAsync(CancellationToken.None);
        _refresh = new(() => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }), ex => LogRefreshFailed(Logger, ex));
        _subscription = Changes.Subscribe(OnChangedAsync);
    }

    protected override async Task OnParametersSetAsync()
    {
        var metric = _metrics.FirstOrDefault(m => m.Key == MetricQuery?.Trim()) ?? _metrics.FirstOrDefault(m => m.Key == MetricKeys.ArticlePlacements) ?? _metrics[0];
        var period = RankingPeriod.TryParse(PeriodQuery, Clock.CurrentMonth, out var asked) ? asked.Value : RankingPeriod.Month(Clock.CurrentMonth.Previous());
        if (metric.Key == _metricKey && period == _period && _ranking is not null)
        {
            return;
        }

        (_metricKey, _period, _kind) = (metric.Key, period, period.Kind);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var metric = _metrics.First(m => m.Key == _metricKey);
        var period = _period!.Value;
        _ranking = await Queries.GetAsync(metric, period, _view, CancellationToken.None);
        _pacing = period.Contains(Clock.Today) && period.Kind is RankingPeriodKind.Year or RankingPeriodKind.YearToDate
            ? await Queries.GetHomePacingAsync(metric, _view, CancellationToken.None)
            : null;
        _accounts = metric.Key == MetricKeys.WeiboBci ? await Queries.GetAccountIndexesAsync(period, _view, CancellationToken.None) : [];
        _positions = await Queries.GetHomePositionsAsync(CancellationToken.None);

        _barLabels = _ranking.Rows.Select(r => r.County.ShortName).ToList();
        _barSeries = [new ChartSeries(Ui.Text(metric.Name, metric.NameEn), _ranking.Rows.Select(r => r.Place.Value).ToList())];
        _barOptions = new Dictionary<string, object?>
        {
            ["plotOptions"] = new { bar = new { distributed = true, borderRadius = 3 } },
            ["colors"] = _ranking.Rows.Select(r => r.County.IsHome ? HomeColor : OtherColor).ToArray(),
            ["legend"] = new { show = false },
        };

        _positionLabels = PublishedPositionChart.Labels(_positions);
        _positionSeries = PublishedPositionChart.Series(_positions);
    }

    private Task OnChangedAsync(ChangeNotice notice)
    {
        var key = _metricKey;
        if (key is not null && (notice.MetricKeys.Contains(key) || notice.MetricKeys.Contains(ChangeNotice.ExternalRankings)
            || (key == MetricKeys.WeiboBci && RankingQueries.IndexInputs.Any(notice.MetricKeys.Contains))))
        {
            _refresh?.Request();
        }

        return Task.CompletedTask;
    }

    private void OnMetricChanged(string key) => Go(key, _period);

    private void OnKindChanged(RankingPeriodKind kind) => Go(_metricKey, PeriodChoices(kind).First());

    private void OnPeriodChanged(string text) => Go(_metricKey, RankingPeriod.TryParse(text, Clock.CurrentMonth, out var p) ? p : _period);

    // The choice lives in the address, so that a link or a reload shows the same ranking.
    private void Go(string? metric, RankingPeriod? period) =>
        Navigation.NavigateTo($"/rankings?metric={Uri.EscapeDataString(metric ?? "")}&period={period}", replace: true);

    // The ranking shown, as a file: the same parameters as the API's ranking and its export.
    private string ExportHref(string format) =>
        $"{Exports.ExportsFeature.PagePrefix}/rankings.{format}?metric={Uri.EscapeDataString(_metricKey ?? "")}&period={_period}";

    private IEnumerable<RankingPeriod> PeriodChoices() => PeriodChoices(_kind);

    // What the selects show for their values: 2014年第三季度 rather than 2014-Q3, 稿件刊发 rather than article_placements.
    private string? PeriodLabel(string? text) => RankingPeriod.TryParse(text, Clock.CurrentMonth, out var p) ? Ui.Period(p.Value) : text;

    private string? MetricName(string? key) => _metrics.FirstOrDefault(m => m.Key == key) is { } m ? Ui.Text(m.Name, m.NameEn) : key;

    /// <summary>The periods to choose from, latest first: three years of months, of quarters, ten years.</summary>
    private IEnumerable<RankingPeriod> PeriodChoices(RankingPeriodKind kind)
    {
        var current = Clock.CurrentMonth;
        var year = current.Start.Year;
        return kind switch
        {
            RankingPeriodKind.Month => Enumerable.Range(0, 36).Select(i => RankingPeriod.Month(Period.MonthOf(current.Start.AddMonths(-i)))),
            RankingPeriodKind.Quarter => Quarters(current),
            RankingPeriodKind.Year => Enumerable.Range(0, 10).Select(i => RankingPeriod.WholeYear(year - i)),
            _ => Enumerable.Range(0, 10).Select(i => i == 0 ? RankingPeriod.YearToDate(current) : RankingPeriod.YearToDate(Period.Month(year - i, 12))),
        };
    }

    private static IEnumerable<RankingPeriod> Quarters(Period current)
    {
        var quarter = RankingPeriod.Quarter(current.Start.Year, ((current.Start.Month - 1) / 3) + 1);
        for (var i = 0; i < 12; i++, quarter = quarter.Previous())
        {
            yield return quarter;
        }
    }

    private async Task SaveAsync(ChartImageFormat format)
    {
        if (_chart is not null && _ranking is not null)
        {
            var extension = format == ChartImageFormat.Png ? "png" : "svg";
            var period = _ranking.IsSoFar ? $"{_ranking.Period.Label}（截至{_ranking.AsOf.Month}月{_ranking.AsOf.Day}日）" : _ranking.Period.Label;
            await _chart.SaveImageAsync(
                format,
                $"排名-{_ranking.Metric.Name}-{_ranking.Period.Label}.{extension}",
                new ChartCaption($"九江各县（市、区）{_ranking.Metric.Name}排名", period, $"数据来源：{Department.CurrentValue.Name}"));
        }
    }

    private async Task SavePositionsAsync(ChartImageFormat format)
    {
        if (_positionsChart is not null && _positions.Count > 0)
        {
            await PublishedPositionChart.SaveAsync(_positionsChart, _positions, _ranking?.Rows.FirstOrDefault(r => r.County.IsHome)?.County.Name ?? "", format, Department.CurrentValue.Name);
        }
    }

    private static string ChangeText(RankedCounty place) => place.RankChange switch
    {
        null => "",
        0 => Ui.Text($"，与上期（第 {place.PreviousRank} 名）持平", $", unchanged from {place.PreviousRank}"),
        > 0 and var up => Ui.Text($"，比上期（第 {place.PreviousRank} 名）上升 {up} 位", $", up {up} from {place.PreviousRank}"),
        var down => Ui.Text($"，比上期（第 {place.PreviousRank} 名）下降 {-down} 位", $", down {-down} from {place.PreviousRank}"),
    };

    private string GapText(RankingRow home)
    {
        if (home.Place.GapToAbove is { } gap && home.Above is { } above)
        {
            return _ranking!.Metric.HigherIsBetter
                ? Ui.Text($"再增加 {Number(gap)} 可超越{above.Name}", $"{Number(gap)} more to overtake {above.Name}")
                : Ui.Text($"再减少 {Number(gap)} 可超越{above.Name}", $"{Number(gap)} less to overtake {above.Name}");
        }

        return home.Place.LeadOverNext switch
        {
            null => "",
            0 => Ui.Text("与其他县（市、区）并列第一", "Shares the first place"),
            var lead => Ui.Text($"领先第二名 {Number(lead.Value)}", $"Leads the second by {Number(lead.Value)}"),
        };
    }

    private static string Arrow(RankedCounty place) => place.RankChange switch
    {
        null => "",
        0 => "→",
        > 0 and var up => FormattableString.Invariant($"↑{up}"),
        var down => FormattableString.Invariant($"↓{-down}"),
    };

    private string PublishedPositionOf(AccountIndex account) =>
        _positions.LastOrDefault(p => p.AccountName == account.Account.Name) is { } p
            ? Ui.Text($"{p.PeriodLabel} 第 {p.Rank} 名", $"{p.PeriodLabel}: {p.Rank}")
            : "";

    private static string Number(double value) => value.ToString(value == Math.Floor(value) ? "#,##0" : "#,##0.##", CultureInfo.InvariantCulture);

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rankings page could not re-read its figures after a change")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex);
}
