using System.Text;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.StateBackend.Http;

/// <summary>LOCK with Terraform's LockInfo JSON: 200 acquired, 423 held (body = the holder's LockInfo).</summary>
internal static class LockStateEndpoint
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

        if (StateRequest.ReadLockId(body) is not { } lockId)
        {
            return TypedResults.BadRequest();
        }

        var requested = new TerraformStateLock(lockId, Encoding.UTF8.GetString(body), backend.Now) { Server = StateServer.Current };
        var attempt = await backend.Store.TryLockAsync(address, requested, cancellationToken).ConfigureAwait(false);
        switch (attempt.Outcome)
        {
            case LockOutcome.Acquired:
                backend.Logger.Locked(address, lockId);
                return StateRequest.Holder(StatusCodes.Status200OK, attempt.Holder);
            case LockOutcome.Held:
                backend.Logger.LockHeld(address, lockId, attempt.Holder!.Id);
                return StateRequest.Holder(StatusCodes.Status423Locked, attempt.Holder);
            default:
                return TypedResults.NotFound();
        }
    }
}
