using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Orchestrations;

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

    /// <summary>
    /// Takes over from the earlier attempts of the step before anything runs again: their Terraform, when it ran on this
    /// machine, is awaited (stopped by its service's death, it saves its state through the backend's retries) and what
    /// it could not save is pushed, so nothing it created is created a second time; then a lock still held is released,
    /// and the attempts still marked running are closed.
    /// </summary>
    /// <param name="runIdPrefix">What the step's Terraform run ids start with, without the attempt number.</param>
    public static async Task RecoverAsync(
        StepServices services, ResourceStepInput input, StepAction action, int attempt, TerraformStateAddress address, string runIdPrefix, CancellationToken cancellationToken)
    {
        var reclaimed = await ReclaimAsync(services, input, address, runIdPrefix, cancellationToken).ConfigureAwait(false);
        var released = await ReleaseAbandonedLockAsync(services, address, localLeftovers: reclaimed, cancellationToken).ConfigureAwait(false);
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
        await services.Ledger.AmendRunAsync(
            input.EnvironmentId,
            RunId.Parse(input.RunId),
            r => r.Steps
                .Where(s => s.Resource == input.Resource && s.Action == action && s.Attempt < attempt && s.Status == StepStatus.Running)
                .Aggregate(r, (run, s) => run.WithStep(s with { Status = StepStatus.Failed, CompletedAt = now, Failure = failure })),
            cancellationToken).ConfigureAwait(false);
    }

    /// <returns>Whether run folders of earlier attempts were found here: their Terraform has then provably finished.</returns>
    private static async Task<bool> ReclaimAsync(StepServices services, ResourceStepInput input, TerraformStateAddress address, string runIdPrefix, CancellationToken cancellationToken)
    {
        var backend = services.BackendFor(address, input.RunId);
        var result = await services.Terraform.ReclaimAsync(runIdPrefix, backend, cancellationToken).ConfigureAwait(false);
        if (result.StateMayBeLocked)
        {
            // A leftover Terraform had to be killed, or its unsaved state could not be pushed past the lock it still
            // holds: nothing of that attempt runs any more, so its lock goes, and the push is tried again.
            if (await services.StateBackend.GetLockAsync(address, cancellationToken).ConfigureAwait(false) is { } held)
            {
                await services.StateBackend.ReleaseLockAsync(address, held.Id, "a killed attempt of the step held it", cancellationToken).ConfigureAwait(false);
                services.Logger.InterruptedStepLockReleased(input.Resource, input.Project, input.Name, held.Id);
            }

            result = await services.Terraform.ReclaimAsync(runIdPrefix, backend, cancellationToken).ConfigureAwait(false);
        }

        foreach (var run in result.Runs)
        {
            services.Logger.LeftoverRunReclaimed(input.Resource, input.Project, input.Name, run.RunId, run.Disposition.ToString(), run.ProcessAwaited, run.StatePushed);
        }

        return result.Runs.Count > 0;
    }

    // An attempt that ran on this machine is over (reclaimed above), and so is one whose service process is gone from
    // this machine: a lock it left is released at once. One that ran elsewhere may still be stopping (its instance lost its lease and interrupted Terraform): its lock is left to it
    // for InterruptedLockWait, so it can write its state; only a lock still held then is taken away.
    private static async Task<TerraformStateLockInfo?> ReleaseAbandonedLockAsync(
        StepServices services, TerraformStateAddress address, bool localLeftovers, CancellationToken cancellationToken)
    {
        var deadline = services.Time.GetUtcNow() + (localLeftovers ? TimeSpan.Zero : services.Options.InterruptedLockWait);
        while (true)
        {
            var held = await services.StateBackend.GetLockAsync(address, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                return null;
            }

            // Served by a service process of this machine that is gone: its Terraform is stopped or stopping with nobody to report to.
            if (services.Time.GetUtcNow() >= deadline || held.IsOrphaned)
            {
                return await services.StateBackend.ReleaseLockAsync(address, held.Id, "an earlier attempt of the step was interrupted", cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(LockPollInterval, services.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
