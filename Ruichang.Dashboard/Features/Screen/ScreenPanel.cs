using Microsoft.AspNetCore.Components;

namespace Ruichang.Dashboard.Features.Screen;

/// <summary>One of the big screen's rotating panels: its title on the tab and what it shows.</summary>
public sealed record ScreenPanel(string Title, RenderFragment Content);
