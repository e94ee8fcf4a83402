using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.StateBackend.Http;

/// <summary>GET: the current state; 204 when the address is registered but has none yet (Terraform's "no state").</summary>
internal static class GetStateEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, string workspace, string stateName, TerraformStateBackend backend, CancellationToken cancellationToken)
    {
        var (denied, address) = await StateRequest.AuthorizeAsync(context, backend, workspace, stateName, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var state = await backend.Store.GetStateAsync(address, cancellationToken).ConfigureAwait(false);
        if (state is not null)
        {
            return TypedResults.Bytes(state.Content, "application/json");
        }

        return await backend.Store.IsRegisteredAsync(address, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }
}
