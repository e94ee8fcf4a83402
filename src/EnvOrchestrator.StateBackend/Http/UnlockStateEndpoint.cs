using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.StateBackend.Http;

/// <summary>
/// UNLOCK with the LockInfo used to lock: 200 released (also when nothing was locked), 409 with the holder when the id
/// is someone else's. <c>terraform force-unlock</c> sends an empty body: that releases any holder.
/// </summary>
internal static class UnlockStateEndpoint
{
    private const int MaxLockInfoBytes = 64 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext context, string workspace, string stateName, TerraformStateBackend backend, CancellationToken cancellationToken)
    {
        var (denied, address) = await StateRequest.AuthorizeAsync(context, backend, workspace, stateName, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var body = await StateRequest.ReadBodyAsync(context, MaxLockInfoBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        string? lockId = null;
        if (body.Length > 0 && (lockId = StateRequest.ReadLockId(body)) is null)
        {
            return TypedResults.BadRequest();
        }

        var attempt = await backend.Store.UnlockAsync(address, lockId, cancellationToken).ConfigureAwait(false);
        switch (attempt.Outcome)
        {
            case UnlockOutcome.Released when lockId is null:
                backend.Logger.LockForceReleased(address, attempt.Holder!.Id, "force-unlock");
                return TypedResults.Ok();
            case UnlockOutcome.Released or UnlockOutcome.NotLocked:
                backend.Logger.Unlocked(address, attempt.Outcome.ToString());
                return TypedResults.Ok();
            case UnlockOutcome.HeldByOther:
                return StateRequest.Holder(StatusCodes.Status409Conflict, attempt.Holder);
            default:
                return TypedResults.NotFound();
        }
    }
}
