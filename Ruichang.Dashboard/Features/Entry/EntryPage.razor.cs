using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>
/// <c>/entry?month=2014-09</c>: the month's figures of the thirteen counties, a row per county and a column per
/// metric, as plain inputs that move like a spreadsheet (Tab right, Enter down, a block pasted from Excel fills
/// the cells from the one pasted into; <c>EntryPage.razor.js</c>). Each cell shows the county's entered figure,
/// or as a placeholder the collected one it would replace, and where its figure came from; the home county's
/// channels unfold below it as read-only detail rows. Only the cells the
/// user changed are saved, all at once (<see cref="MonthlyFigures.SaveAsync"/>), and every rule is checked there.
/// </summary>
public sealed partial class EntryPage : ComponentBase
{

    private readonly Dictionary<(int CountyId, int MetricId), string> _texts = [];
    private Dictionary<(int CountyId, int MetricId), string> _errors = [];
    private IReadOnlyList<CellProblem> _warnings = [];
    private IReadOnlyList<ObservationConflict> _conflicts = [];
    private Period _month;
    private EntrySheet? _sheet;
    private bool _isAdmin;
    private bool _saving;
    private bool _showChannels;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private ElementReference _table;
    private int? _reopening;
    private string? _reopenReason;
    private readonly EntryGridScript _script = new();

    [Inject]
    private MonthlyFigures Figures { get; set; } = default!;

    [Inject]
    private MonthSubmissions Submissions { get; set; } = default!;

    [Inject]
    private CountyClock Clock { get; set; } = default!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "month")]
    public string? MonthQuery { get; set; }

    private bool Interactive => RendererInfo.IsInteractive;

    private int ChangedCount => _sheet is null ? 0 : _texts.Count(t => t.Value != Original(t.Key));

    protected override async Task OnParametersSetAsync()
    {
        // The last whole month by default: the prefecture's notice for it is what staff enter at the start of a month.
        var month = Period.ParseMonth(MonthQuery) ?? Clock.CurrentMonth.Previous();
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        _isAdmin = user.IsInRole(Roles.Admin);
        if (_sheet is null || month != _month)
        {
            _month = month;
            _texts.Clear();
            ClearProblems();
            _message = null;
            _sheet = await Figures.LoadAsync(_month, CancellationToken.None);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_sheet is not null && Interactive)
        {
            await _script.AttachAsync(JS, _table);
        }
    }

    private IEnumerable<Period> MonthChoices()
    {
        // Three years back to the current month, newest first; a month not yet begun cannot be entered.
        for (var m = Clock.CurrentMonth; m.Start >= Clock.CurrentMonth.Start.AddYears(-3); m = m.Previous())
        {
            yield return m;
        }
    }

    // The select shows the month as a reader says it, not the code in the address.
    private static string MonthText(string? month) => Period.TryParse(month, out var period) ? Ui.Month(period.Value.Start) : month ?? "";

    private Task OnMonthChangedAsync(string month)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("month", month));
        return Task.CompletedTask;
    }

    private string Original((int CountyId, int MetricId) key) =>
        _sheet?.Cell(key.CountyId, key.MetricId).Entered is { } value ? Format(value) : "";

    private string Text((int CountyId, int MetricId) key) => _texts.TryGetValue(key, out var text) ? text : Original(key);

    private void OnCellChanged((int CountyId, int MetricId) key, string? text)
    {
        _texts[key] = text ?? "";
        _errors.Remove(key);
        _warnings = [];
    }

    private bool IsLocked(int countyId) => _sheet?.Status(countyId) == SubmissionStatus.Approved && !_isAdmin;

    private async Task SaveAsync(bool confirmed)
    {
        if (_sheet is null || _saving)
        {
            return;
        }

        var edits = _texts.Where(t => t.Value != Original(t.Key))
            .Select(t => new CellEdit(t.Key.CountyId, t.Key.MetricId, t.Value, _sheet.Cell(t.Key.CountyId, t.Key.MetricId).Version))
            .ToList();
        _saving = true;
        try
        {
            var user = (await Authentication.GetAuthenticationStateAsync()).User;
            var result = await Figures.SaveAsync(user, _month, edits, confirmed, CancellationToken.None);
            ClearProblems();
            if (result.Saved)
            {
                var written = result.Written!;
                _texts.Clear();
                _sheet = await Figures.LoadAsync(_month, CancellationToken.None);
                Show(Ui.Text($"已保存：新增 {written.Inserted} 个，修改 {written.Updated} 个，清除 {written.Deleted} 个。", $"Saved: {written.Inserted} added, {written.Updated} changed, {written.Deleted} cleared."), Severity.Success);
                return;
            }

            _errors = result.Errors.ToDictionary(e => (e.CountyId, e.MetricId), e => e.Message);
            _warnings = result.Warnings;
            _conflicts = result.Conflicts;
            Show(result.Message ?? Ui.Text("未保存。", "Not saved."), result.Warnings.Count > 0 ? Severity.Warning : Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }

    // The figures as stored now, with the user's changes kept where they still differ: the next save is a
    // deliberate one over what the other person saved.
    private async Task ReloadKeepingEditsAsync()
    {
        _sheet = await Figures.LoadAsync(_month, CancellationToken.None);
        foreach (var key in _texts.Where(t => t.Value == Original(t.Key)).Select(t => t.Key).ToList())
        {
            _texts.Remove(key);
        }

        ClearProblems();
        Show(Ui.Text("已载入他人的修改；您的填写仍在表格中，核对后可再次保存。", "Their changes are loaded; yours are still in the grid."), Severity.Info);
    }

    private IEnumerable<int> Drafts() => _sheet?.Counties.Where(c => _sheet.Status(c.Id) == SubmissionStatus.Draft).Select(c => c.Id) ?? [];

    private IEnumerable<int> Submitted() => _sheet?.Counties.Where(c => _sheet.Status(c.Id) == SubmissionStatus.Submitted).Select(c => c.Id) ?? [];

    private void StartReopen(int countyId)
    {
        _reopening = countyId;
        _reopenReason = null;
    }

    // Only with no unsaved figures (the buttons are hidden meanwhile): the grid is read again afterwards.
    private async Task ApplyAsync(IEnumerable<int> countyIds, SubmissionAction action, string? reason)
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        var refused = await Submissions.ApplyAsync(user, countyIds.ToList(), _month, action, reason, CancellationToken.None);
        _reopening = null;
        ClearProblems();
        _sheet = await Figures.LoadAsync(_month, CancellationToken.None);
        if (refused is not null)
        {
            Show(refused, Severity.Error);
            return;
        }

        Show(action switch
        {
            SubmissionAction.Submit => Ui.Text("已提交审核。", "Submitted."),
            SubmissionAction.Approve => Ui.Text("已审核通过，填报人员不能再修改。", "Approved: locked for staff."),
            _ => Ui.Text("已退回为草稿。", "Reopened."),
        }, Severity.Success);
    }

    private async Task DiscardAsync()
    {
        _texts.Clear();
        ClearProblems();
        _message = null;
        _sheet = await Figures.LoadAsync(_month, CancellationToken.None);
    }

    private void ClearProblems()
    {
        _errors = [];
        _warnings = [];
        _conflicts = [];
    }

    private void Show(string message, Severity severity)
    {
        _message = message;
        _messageSeverity = severity;
        if (severity == Severity.Success)
        {
            Snackbar.Add(message, severity);
        }
    }

    private string CellClass((int CountyId, int MetricId) key, EntryCell cell)
    {
        var classes = new List<string> { "entry-cell" };
        classes.Add(cell.Source switch
        {
            ObservationSource.Manual => "entry-source-manual",
            ObservationSource.Import => "entry-source-import",
            null when cell.Collected is not null => "entry-source-collected",
            null => "entry-source-none",
            _ => "entry-source-collected",
        });
        if (_texts.TryGetValue(key, out var text) && text != Original(key))
        {
            classes.Add("entry-changed");
        }

        if (_errors.ContainsKey(key) || _conflicts.Any(c => (c.CountyId, c.MetricId) == key))
        {
            classes.Add("entry-invalid");
        }
        else if (_warnings.Any(w => (w.CountyId, w.MetricId) == key))
        {
            classes.Add("entry-warning");
        }

        return string.Join(' ', classes);
    }

    private string? CellTitle(EntryCell cell)
    {
        var parts = new List<string>();
        if (cell.Entered is not null)
        {
            var how = cell.Source switch
            {
                ObservationSource.Manual => Ui.Text("录入", "entered"),
                ObservationSource.Import => Ui.Text("导入", "imported"),
                _ => Ui.Text("采集", "collected"),
            };
            parts.Add($"{how}：{cell.RecordedBy} {(cell.RecordedAtUtc is { } at ? Clock.LocalTime(at) : "")}");
        }

        if (cell.Collected is { } collected)
        {
            parts.Add(Ui.Text($"采集值 {Format(collected)}", $"collected {Format(collected)}"));
        }

        if (cell.LastMonth is { } last)
        {
            parts.Add(Ui.Text($"上月 {Format(last)}", $"last month {Format(last)}"));
        }

        return parts.Count == 0 ? null : string.Join("；", parts);
    }

    private string ConflictText(ObservationConflict conflict) => conflict.Value is { } value
        ? Ui.Text($"已被 {conflict.RecordedBy} 改为 {Format(value)}（{(conflict.RecordedAtUtc is { } at ? Clock.LocalTime(at) : "")}）", $"changed to {Format(value)} by {conflict.RecordedBy}")
        : Ui.Text("已被他人清除", "cleared by someone else");

    private string CountyName(int countyId) => _sheet?.Counties.FirstOrDefault(c => c.Id == countyId)?.Name ?? "";

    private string MetricName(int metricId) => _sheet?.Metrics.FirstOrDefault(m => m.Id == metricId) is { } m ? Ui.Text(m.Name, m.NameEn) : "";

    private static Color StatusColor(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Approved => Color.Success,
        SubmissionStatus.Submitted => Color.Info,
        _ => Color.Default,
    };

    private static string StatusText(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Approved => Ui.Text("已审核", "Approved"),
        SubmissionStatus.Submitted => Ui.Text("已提交", "Submitted"),
        _ => Ui.Text("草稿", "Draft"),
    };

    private static string Format(double value) => EntryGridScript.CellText(value);

    public ValueTask DisposeAsync() => _script.DisposeAsync();
}
