using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Graph;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Validates that the environment's templates still resolve, moves the environment from Queued to its working
/// status and the run to Running, and returns the resources with what each waits for (dependencies for a deploy,
/// dependents for a destroy); a deploy's resource group is made here, before any resource, unless a cancel was
/// stored on the run before it began (then every resource is skipped). A run waiting for an
/// approver gets its deadline back until the decision is recorded: approved, it starts; rejected or timed out
/// (recorded here), it fails.
/// </summary>
internal sealed class StartRunActivity(
    RunLedger ledger,
    ITemplateCatalogSource catalog,
    EnvironmentEvents events,
    ResourceGroups.EnvironmentResourceGroups resourceGroups,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    HostStopping stopping) : TaskActivity<RunInput, RunPlan>
{
    public override async Task<RunPlan> RunAsync(TaskActivityContext context, RunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        using var span = LifecycleTelemetry.StartStep($"start {input.Kind.ToString().ToLowerInvariant()}", input.Project, input.Name, input.RunId, null, input.TraceParent);
        var now = time.GetUtcNow();
        var current = await ledger.ReadEnvironmentAsync(input.EnvironmentId, stopping.Token).ConfigureAwait(false);
        if (current?.CurrentRunId != input.Run)
        {
            // A second execution of a run that already ended (two sweepers resumed it at once): touch nothing.
            return new RunPlan([], new FailureDetails("Lifecycle.NotCurrent", $"Run {input.RunId} no longer owns the environment.", null, IsTransient: false));
        }

        if (current.Status == EnvironmentStatus.AwaitingApproval && await ApprovalAsync(current, input, now).ConfigureAwait(false) is { } waiting)
        {
            return waiting;
        }

        var environment = await ledger.BeginRunAsync(
            input.EnvironmentId,
            input.Run,
            e => e.Status is EnvironmentStatus.Queued or EnvironmentStatus.AwaitingApproval ? e.TransitionTo(input.Working, now) : null,
            now,
            stopping.Token).ConfigureAwait(false);
        if (!environment.Succeeded)
        {
            return new RunPlan([], new FailureDetails("Lifecycle.InvalidState", environment.Problem.Message, null, IsTransient: false));
        }

        LifecycleTelemetry.RunBegan(input.Run, input.Kind, now);
        if (input.Kind == RunKind.Deploy)
        {
            // The create published it too, unless it died first: the same id is stored once.
            await events.CreatedAsync(environment.Value!, input.Run, environment.Value!.CreatedBy, stopping.Token).ConfigureAwait(false);
        }

        var (templates, problem) = LifecycleTemplates.For(catalog, environment.Value!);
        if (templates is null)
        {
            // A destroy must still work when the template was withdrawn: it only needs the recorded resources.
            if (input.Working == EnvironmentStatus.Destroying)
            {
                var recorded = environment.Value!.Resources;
                return new RunPlan([.. recorded.Select((r, i) => new PlannedResource(r.Name, [.. recorded.Skip(i + 1).Select(x => x.Name)]))], null);
            }

            return new RunPlan([], new FailureDetails("Lifecycle.TemplateMissing", problem!, null, IsTransient: false));
        }

        var graph = EnvironmentGraph.Build(templates.Environment);
        var names = graph.Nodes;
        if (input.Working != EnvironmentStatus.Destroying)
        {
            if ((await ledger.ReadRunAsync(input.EnvironmentId, input.Run, stopping.Token).ConfigureAwait(false))?.CancelRequest is not null)
            {
                // Cancelled before it began (the event reaches an orchestration only once it runs): nothing is made.
                return new RunPlan([.. names.Select(n => new PlannedResource(n, [.. graph.DependenciesOf(n)]))], null) { Cancelled = true };
            }

            // Before the first resource: the templates are handed its name (${environment.resourceGroup}).
            if (await resourceGroups.EnsureAsync(environment.Value!, templates.Environment, stopping.Token).ConfigureAwait(false) is { } groupFailure)
            {
                return new RunPlan([.. names.Select(n => new PlannedResource(n, []))], groupFailure);
            }

            var project = input.Project;
            return new RunPlan([.. names.Select(n => new PlannedResource(n, [.. graph.DependenciesOf(n)]))], null)
            {
                Preflight = templates.Resources.Values.Any(r => PlanRules.AnyMandatoryFor(catalog.Catalog, project, environment.Value!.Template.Name, r)),
            };
        }

        var dependents = names.ToDictionary(n => n, n => names.Where(other => graph.DependenciesOf(other).Contains(n)).ToList(), StringComparer.Ordinal);
        var existing = environment.Value!.Resources.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        return new RunPlan([.. names.Where(existing.Contains).Select(n => new PlannedResource(n, [.. dependents[n]]))], null);
    }

    /// <summary>The plan of a run that must wait or fail for its approval; null once it is approved.</summary>
    private async Task<RunPlan?> ApprovalAsync(EnvironmentRecord environment, RunInput input, DateTimeOffset now)
    {
        var approval = environment.Approval;
        if (approval is not { Subject: ApprovalSubject.Deploy } || approval.Run != input.Run)
        {
            return new RunPlan([], new FailureDetails("Approval.Missing", "The environment waits for an approval that is not this run's.", null, IsTransient: false));
        }

        if (approval.Decision is null && now >= approval.ExpiresAt)
        {
            var timedOut = await ledger.AmendEnvironmentAsync(
                input.EnvironmentId,
                e => e.Approval is { Decision: null } pending && pending.Run == input.Run ? DomainResult.Success(e with { Approval = ApprovalRules.TimeOut(pending, now), UpdatedAt = now }) : null,
                stopping.Token).ConfigureAwait(false);
            approval = timedOut.Value?.Approval ?? approval;
        }

        if (approval.Decision is null)
        {
            // Published by each wake-up while pending; stored once (a retry's request, or a create that died first).
            // "created" first, so that subscribers never see the wait before the environment it is about.
            if (input.Kind == RunKind.Deploy)
            {
                await events.CreatedAsync(environment, input.Run, environment.CreatedBy, stopping.Token).ConfigureAwait(false);
            }

            await events.AwaitingApprovalAsync(environment, input.Run, stopping.Token).ConfigureAwait(false);
        }

        return approval.Decision switch
        {
            null => new RunPlan([], null) { ApprovalDeadline = approval.ExpiresAt, ApprovalRecheck = options.Value.Approvals.RecheckInterval },
            { Outcome: ApprovalOutcome.Approved } => null,
            { Outcome: ApprovalOutcome.Rejected } rejected => new RunPlan([], new FailureDetails(
                "Approval.Rejected", $"Rejected by {rejected.By}: {rejected.Reason}", null, IsTransient: false)),
            _ => new RunPlan([], new FailureDetails(
                "Approval.TimedOut", $"Nobody approved the deploy before {approval.ExpiresAt:u}; retry to ask again.", null, IsTransient: false)),
        };
    }
}
