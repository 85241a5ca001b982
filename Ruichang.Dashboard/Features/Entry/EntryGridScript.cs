using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>
/// The keyboard and paste handling of an entry grid (<c>EntryPage.razor.js</c>: Tab and Enter move like a spreadsheet,
/// a block copied from Excel pastes), shared by <c>/entry</c> and <c>/entry/targets</c>: attached to the grid's table
/// once it is drawn on an interactive circuit, and let go with the page. A lost circuit is not an error here.
/// </summary>
internal sealed class EntryGridScript : IAsyncDisposable
{
    internal const string ModulePath = "./Features/Entry/EntryPage.razor.js";

    private IJSObjectReference? _module;

    /// <summary>A figure as typed back into a cell: no thousands separators, so that a copied cell pastes into Excel as a number.</summary>
    public static string CellText(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Attaches the script to <paramref name="table"/> the first time it is called; later calls do nothing.</summary>
    public async Task AttachAsync(IJSRuntime js, ElementReference table)
    {
        if (_module is not null)
        {
            return;
        }

        try
        {
            _module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await _module.InvokeVoidAsync("initialize", table);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
