using System.Collections.Immutable;
using System.Diagnostics;
using DurableTask.Core.Exceptions;
using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Orchestrations;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>What admission decided for a run: the policy results to record, the reasons to wait for an approver (none: it does not wait) and a platform admin's override.</summary>
internal sealed record RunAdmission(ImmutableArray<PolicyResult> Results, ImmutableArray<PolicyResult> ApprovalReasons, PolicyOverride? Override)
{
    public static RunAdmission None { get; } = new([], [], null);
}

/// <summary>A run that was recorded and whose orchestration was scheduled.</summary>
internal sealed record StartedRun(EnvironmentRecord Environment, RunRecord Run, string InstanceId);

/// <summary>
/// Starts runs, in the order that makes a duplicate request harmless and a crash recoverable: the run is entered in
/// the active-run index, the environment takes the run (<see cref="EnvironmentRecord.StartRun"/> under optimistic
/// concurrency — only one caller can win), the run is recorded, then its orchestration is scheduled under an id
/// derived from the run. A crash after the index entry leaves something the sweep finds and finishes
/// (<see cref="ResumeAsync"/>) or releases.
/// </summary>
internal sealed class RunStarter(
    RunLedger ledger,
    IActiveRunIndex activeRuns,
    ITemplateCatalogSource catalog,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<RunStarter> logger)
{
    /// <param name="first">The status the environment takes now (Queued for a new deploy, else <paramref name="working"/>).</param>
    /// <param name="prepare">Changes made together with taking the run (e.g. new inputs), or null.</param>
    /// <param name="admission">
    /// The policy results recorded with the run, and its override. When there are approval reasons the run waits for an
    /// approver: the environment takes <see cref="EnvironmentStatus.AwaitingApproval"/> instead of <paramref name="first"/>
    /// and holds the request, which expires after the approval time-out or with the environment, whichever comes first.
    /// </param>
    public async Task<(StartedRun? Started, LifecycleProblem? Problem)> StartAsync(
        EnvironmentId id,
        RunKind kind,
        EnvironmentStatus working,
        EnvironmentStatus first,
        string requestedBy,
        Func<EnvironmentRecord, DomainResult<EnvironmentRecord>>? prepare,
        string? ifMatch,
        RunAdmission admission,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runId = RunId.New(now);

        // Before the environment names the run, like the expiry index: an environment never holds a run the sweep cannot find.
        var entry = new ActiveRun(id, runId, kind, working);
        await activeRuns.AddAsync(entry, cancellationToken).ConfigureAwait(false);
        var taken = await ledger.TakeRunAsync(id, current =>
        {
            if (ifMatch is not null && !string.Equals(Unquote(ifMatch), Unquote(current.Version!), StringComparison.Ordinal))
            {
                return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.VersionMismatch, $"The environment changed since it was read (ETag {current.Version}).");
            }

            var prepared = prepare?.Invoke(current) ?? DomainResult.Success(current);
            if (!prepared.Succeeded)
            {
                return prepared;
            }

            if (admission.ApprovalReasons.IsDefaultOrEmpty)
            {
                return prepared.Value!.StartRun(runId, first, now);
            }

            var waiting = prepared.Value!.StartRun(runId, EnvironmentStatus.AwaitingApproval, now);
            return waiting.Succeeded ? DomainResult.Success(waiting.Value! with { Approval = RequestApproval(waiting.Value!, runId, requestedBy, admission.ApprovalReasons, now) }) : waiting;
        }, cancellationToken).ConfigureAwait(false);
        if (!taken.Succeeded)
        {
            // A crash before this removal leaves a stale entry, which the sweep drops.
            await activeRuns.RemoveAsync(id, runId, cancellationToken).ConfigureAwait(false);
            return (null, ToProblem(taken.Problem));
        }

        var run = await ledger.OpenRunAsync(new RunRecord { Id = runId, Environment = id, Kind = kind, RequestedBy = requestedBy, PolicyResults = admission.Results.IsDefault ? [] : admission.Results, Override = admission.Override, CatalogSource = catalog.Revision.Source, CatalogCommit = catalog.Revision.Commit }, cancellationToken).ConfigureAwait(false);
        var instanceId = await ScheduleAsync(entry, cancellationToken).ConfigureAwait(false);
        LifecycleTelemetry.RunStarted(kind);
        Activity.Current?.SetTag("envorch.run", runId.Value);
        logger.RunStarted(runId.Value, kind, id.Project.Value, id.Name.Value, instanceId);
        if (!admission.ApprovalReasons.IsDefaultOrEmpty)
        {
            logger.ApprovalRequested(id.Project.Value, id.Name.Value, ApprovalSubject.Deploy, requestedBy);
        }

        return (new StartedRun(taken.Value!, run.Value!, instanceId), null);
    }

    /// <summary>
    /// Schedules the orchestration of a recorded run whose start was interrupted, under the same instance id.
    /// False when it exists already (another sweeper, or the original caller, was faster).
    /// </summary>
    public async Task<bool> ResumeAsync(ActiveRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            var instanceId = await ScheduleAsync(run, cancellationToken).ConfigureAwait(false);
            logger.RunResumed(run.Run.Value, run.Kind, run.Environment.Project.Value, run.Environment.Name.Value, instanceId);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    private async Task<string> ScheduleAsync(ActiveRun run, CancellationToken cancellationToken)
    {
        var id = run.Environment;
        var destroy = run.Working == EnvironmentStatus.Destroying;
        var retry = destroy
            ? new StepRetry(options.Value.DestroyMaxAttempts, options.Value.DestroyFirstRetryInterval)
            : new StepRetry(options.Value.ApplyMaxAttempts, options.Value.ApplyFirstRetryInterval);
        return await client.ScheduleNewOrchestrationInstanceAsync(
            destroy ? nameof(DestroyOrchestrator) : nameof(DeployOrchestrator),
            new RunInput(id.Project.Value, id.Name.Value, run.Run.Value, run.Kind, run.Working) { Retry = retry, TraceParent = LifecycleTelemetry.CurrentTraceParent },
            LifecycleInstanceIds.StartRun(LifecycleInstanceIds.ForRun(id, run.Kind, run.Run)),
            cancellationToken).ConfigureAwait(false);
    }

    private ApprovalRequest RequestApproval(EnvironmentRecord environment, RunId run, string requestedBy, ImmutableArray<PolicyResult> reasons, DateTimeOffset now)
    {
        var expiresAt = now + options.Value.Approvals.Timeout;
        return new ApprovalRequest
        {
            Subject = ApprovalSubject.Deploy,
            Run = run,
            RequestedBy = requestedBy,
            RequestedAt = now,
            ExpiresAt = environment.ExpiresAt < expiresAt ? environment.ExpiresAt.Value : expiresAt,
            Reasons = reasons,
        };
    }

    public static LifecycleProblem ToProblem(DomainError error) => LifecycleProblem.FromDomain(error);

    private static string Unquote(string etag) => etag.Trim().TrimStart('W', '/').Trim('"');
}
