using System.Text.Json;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.StateBackend.Http;

/// <summary>POST <c>?ID={lock id}</c>: a new current state from the lock holder; 409 with the holder for anyone else.</summary>
internal static class PostStateEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, string workspace, string stateName, TerraformStateBackend backend, CancellationToken cancellationToken)
    {
        var (denied, address) = await StateRequest.AuthorizeAsync(context, backend, workspace, stateName, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var body = await StateRequest.ReadBodyAsync(context, backend.Options.MaxStateBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            backend.Logger.TooLarge(address, backend.Options.MaxStateBytes);
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (!IsJsonObject(body))
        {
            return TypedResults.BadRequest();
        }

        var lockId = context.Request.Query["ID"].ToString() is { Length: > 0 } id ? id : null;
        var attempt = await backend.Store.WriteStateAsync(address, lockId, body, cancellationToken).ConfigureAwait(false);
        switch (attempt.Outcome)
        {
            case StateWriteOutcome.Written:
                backend.Logger.Written(address, attempt.Version, body.Length);
                return TypedResults.Ok();
            case StateWriteOutcome.LockMismatch:
                backend.Logger.WriteRejected(address);
                return StateRequest.Holder(StatusCodes.Status409Conflict, attempt.Holder);
            default:
                return TypedResults.NotFound();
        }
    }

    // The orchestrator reads outputs from stored states, so only JSON documents are kept.
    private static bool IsJsonObject(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
