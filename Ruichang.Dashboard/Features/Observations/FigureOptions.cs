using Microsoft.Extensions.Options;

namespace Ruichang.Dashboard.Features.Observations;

/// <summary>Settings under <c>Figures</c>: which figures the dashboards show to whom.</summary>
public sealed class FigureOptions
{
    public const string SectionName = "Figures";

    /// <summary>
    /// <c>Figures:LeadersSeeApprovedOnly</c>: Leaders, Leader tokens and the wall displays see a figure entered
    /// or imported by hand only once its county-month is approved; until then they see what was collected.
    /// Staff and Admins always see every figure (they are the ones checking the drafts).
    /// </summary>
    public bool LeadersSeeApprovedOnly { get; set; }
}

/// <summary>A yes-or-no setting has nothing to check beyond binding, which already names the key of a value that is neither.</summary>
internal sealed class FigureOptionsValidator : IValidateOptions<FigureOptions>
{
    public ValidateOptionsResult Validate(string? name, FigureOptions options) => ValidateOptionsResult.Success;
}
