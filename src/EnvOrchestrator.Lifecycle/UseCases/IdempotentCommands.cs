using System.Text.Json;
using System.Text.Json.Serialization;
using EnvOrchestrator.Core.Environments;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases;

/// <summary>
/// Runs a command at most once per idempotency key: a repeat of a finished command replays its answer, a repeat
/// while it runs or with another body is refused, and a command that was refused frees its key for a corrected one.
/// </summary>
internal sealed class IdempotentCommands(IIdempotencyStore idempotency)
{
    private static readonly JsonSerializerOptions ReplayJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <param name="key">Null: no key given, the command just runs.</param>
    /// <param name="fingerprint">What makes two requests the same (a hash of the command).</param>
    /// <param name="status">The HTTP status the replayed answer had.</param>
    public async Task<LifecycleResult<T>> RunAsync<T>(
        IdempotencyKey? key, string fingerprint, int status, Func<Task<LifecycleResult<T>>> command, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(command);
        if (key is null)
        {
            return await command().ConfigureAwait(false);
        }

        var reservation = await idempotency.ReserveAsync(key, fingerprint, cancellationToken).ConfigureAwait(false);
        switch (reservation.Outcome)
        {
            case IdempotencyOutcome.Completed:
                return LifecycleResult.Success(JsonSerializer.Deserialize<T>(reservation.Response!.Body, ReplayJson)!);
            case IdempotencyOutcome.InProgress:
                return Problem<T>(ProblemCodes.RequestInProgress, "A request with this idempotency key is being handled; retry shortly.", "Idempotency-Key", "idempotency.in-progress");
            case IdempotencyOutcome.Mismatch:
                return Problem<T>(ProblemCodes.IdempotencyKeyReused, "This idempotency key was used for a different request.", "Idempotency-Key", "idempotency.key-reused");
        }

        var result = await command().ConfigureAwait(false);
        if (result.Succeeded)
        {
            var body = JsonSerializer.Serialize(result.Value, ReplayJson);
            await idempotency.CompleteAsync(key, fingerprint, new IdempotentResponse(status, null, body), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Nothing was done: the same key may be used again once the request is corrected.
            await idempotency.ReleaseAsync(key, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
