using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.StateBackend.Storage;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Cleans up after an earlier attempt of a step that died mid-way (its process was killed, its work item delivered
/// again): the Terraform it ran may have held the state lock, which nothing else would release, so the next
/// Terraform would wait for it and fail. Done server-side by the step that takes over, so it works with any number
/// of service instances, unlike a release at start-up.
/// </summary>
internal static class InterruptedSteps
{
    public const string ErrorType = "Lifecycle.Interrupted";

    /// <summary>What an attempt that died mid-way is closed with.</summary>
    public static FailureDetails Failure { get; } = new(ErrorType, "The step was interrupted.", null, IsTransient: true);

    /// <summary>
    /// Closes <paramref name="resource"/> as Failed (<see cref="Failure"/>) when a dead attempt left it Planning, Applying or
    /// Destroying, so the next transition starts from a settled status.
    /// </summary>
    /// <param name="interrupted">Whether it was left active.</param>
    public static EnvironmentRecord CloseActive(EnvironmentRecord environment, string resource, DateTimeOffset now, out bool interrupted)
    {
        ArgumentNullException.ThrowIfNull(environment);
        interrupted = environment.FindResource(resource) is { } current && ResourceStatusMachine.IsActive(current.Status);
        return interrupted ? environment.TransitionResource(resource, ResourceStatus.Failed, now, Failure).Value ?? environment : environment;
    }

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Releases the lock of <paramref name="address"/> and closes the earlier attempts of the step still marked running.</summary>
    public static async Task RecoverAsync(
        StepServices services, ResourceStepInput input, StepAction action, int attempt, TerraformStateAddress address, CancellationToken cancellationToken)
    {
        var released = await ReleaseAbandonedLockAsync(services, address, cancellationToken).ConfigureAwait(false);
        if (released is not null)
        {
            services.Logger.InterruptedStepLockReleased(input.Resource, input.Project, input.Name, released.Id);
        }

        var now = services.Time.GetUtcNow();
        var failure = new FailureDetails(
            ErrorType,
            released is null ? Failure.Message : $"The step was interrupted; its state lock {released.Id} was released.",
            null,
            IsTransient: true);
        await services.Updates.UpdateRunAsync(
            input.EnvironmentId,
            RunId.Parse(input.RunId),
            r => r.Steps
                .Where(s => s.Resource == input.Resource && s.Action == action && s.Attempt < attempt && s.Status == StepStatus.Running)
                .Aggregate(r, (run, s) => run.WithStep(s with { Status = StepStatus.Failed, CompletedAt = now, Failure = failure })),
            cancellationToken).ConfigureAwait(false);
    }

    // The earlier attempt may still be stopping (its lease ran out and its worker interrupted Terraform): its lock is
    // left to it for InterruptedLockWait, so it can write its state; only a lock still held then is taken away.
    private static async Task<TerraformStateLock?> ReleaseAbandonedLockAsync(StepServices services, TerraformStateAddress address, CancellationToken cancellationToken)
    {
        var deadline = services.Time.GetUtcNow() + services.Options.InterruptedLockWait;
        while (true)
        {
            var held = await services.StateBackend.Store.GetLockAsync(address, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                return null;
            }

            if (services.Time.GetUtcNow() >= deadline)
            {
                return await services.StateBackend.ReleaseLockAsync(address, held.Id, "an earlier attempt of the step was interrupted", cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(LockPollInterval, services.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
