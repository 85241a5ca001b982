using Microsoft.AspNetCore.Components;

namespace Ruichang.Dashboard.Features.Screen;

/// <summary>
/// One of the big screen's rotating panels: its title on the tab and what it shows, given whether the panel
/// is on show (a panel off its turn holds its charts' redraws until its turn).
/// </summary>
public sealed record ScreenPanel(string Title, RenderFragment<bool> Content);
