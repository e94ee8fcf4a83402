using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Graph;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Validates that the environment's templates still resolve, moves the environment from Queued to its working
/// status and the run to Running, and returns the resources with what each waits for (dependencies for a deploy,
/// dependents for a destroy).
/// </summary>
internal sealed class StartRunActivity(RunLedger ledger, ITemplateCatalogSource catalog, TimeProvider time, HostStopping stopping) : TaskActivity<RunInput, RunPlan>
{
    public override async Task<RunPlan> RunAsync(TaskActivityContext context, RunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var current = await ledger.ReadEnvironmentAsync(input.EnvironmentId, stopping.Token).ConfigureAwait(false);
        if (current?.CurrentRunId != input.Run)
        {
            // A second execution of a run that already ended (two sweepers resumed it at once): touch nothing.
            return new RunPlan([], new FailureDetails("Lifecycle.NotCurrent", $"Run {input.RunId} no longer owns the environment.", null, IsTransient: false));
        }

        var environment = await ledger.BeginRunAsync(
            input.EnvironmentId,
            input.Run,
            e => e.Status == EnvironmentStatus.Queued ? e.TransitionTo(input.Working, now) : null,
            now,
            stopping.Token).ConfigureAwait(false);
        if (!environment.Succeeded)
        {
            return new RunPlan([], new FailureDetails("Lifecycle.InvalidState", environment.Problem.Message, null, IsTransient: false));
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
}
