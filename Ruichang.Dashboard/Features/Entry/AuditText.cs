using System.Globalization;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Localization;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>How a change of the audit trail is worded, on <c>/entry/history</c> and in its export alike.</summary>
public static class AuditText
{
    public static string Period(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row switch
        {
            { PeriodStart: null } => "",
            { EntityType: AuditEntities.Target } => Ui.Text($"{row.PeriodStart.Value.Year}年", row.PeriodStart.Value.Year.ToString(CultureInfo.InvariantCulture)),
            { Granularity: PeriodGranularity.Day } => row.PeriodStart.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => Ui.Month(row.PeriodStart.Value),
        };
    }

    public static string Action(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.EntityType == AuditEntities.Target ? TargetAction(row.Action) : row.Action switch
        {
            AuditActions.Insert => Ui.Text("新增", "Added"),
            AuditActions.Update => Ui.Text("修改", "Changed"),
            AuditActions.Delete => Ui.Text("清除", "Cleared"),
            AuditActions.Submit => Ui.Text("提交审核", "Submitted"),
            AuditActions.Approve => Ui.Text("审核通过", "Approved"),
            AuditActions.Reopen => Ui.Text("退回", "Reopened"),
            _ => row.Action,
        };
    }

    public static string Source(ObservationSource? source) => source switch
    {
        ObservationSource.Collector => Ui.Text("采集", "collected"),
        ObservationSource.Manual => Ui.Text("填报", "entered"),
        ObservationSource.Import => Ui.Text("导入", "imported"),
        _ => "",
    };

    private static string TargetAction(string action) => action == AuditActions.Delete ? Ui.Text("删除目标", "Target removed") : Ui.Text("设定目标", "Target set");
}
