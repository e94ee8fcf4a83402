using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Graph;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Activities;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Values;
using EnvOrchestrator.Terraform;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>
/// What-if: runs <c>terraform plan</c> for every resource whose inputs are known now, wave by wave in dependency
/// order (a wave's resources in parallel); a resource whose inputs wait on an output that is not known yet, or on an
/// upstream that will change, is reported as pending ("known after apply"), like Terraform does for values inside one
/// plan. Each plan is checked against the plan rules of the policies. Nothing is applied and no state is locked.
/// </summary>
internal sealed class EnvironmentPlanner(
    ITemplateCatalogSource catalog,
    ITerraformRunner terraform,
    ITerraformStateBackend stateBackend,
    IOptions<EnvironmentLifecycleOptions> options)
{
    public async Task<PlanView> PlanAsync(EnvironmentRecord proposed, CancellationToken cancellationToken)
    {
        var outcomes = await PlanResourcesAsync(proposed, PlanPass.WhatIf, cancellationToken).ConfigureAwait(false);
        return new PlanView([.. outcomes.Select(o => new ResourcePlanView(
            o.Resource, o.Action, o.Changes, o.UnknownInputs, o.Failure is null ? null : ViewMapper.ToView(o.Failure, o.Resource.Length == 0 ? null : o.Resource, null))
        {
            PolicyResults = ViewMapper.ToViews(o.PolicyResults),
        })]);
    }

    /// <summary>Plans every resource whose inputs are known, in waves; see <see cref="PlanPass"/> for what a caller can change.</summary>
    public async Task<IReadOnlyList<ResourcePlanOutcome>> PlanResourcesAsync(EnvironmentRecord proposed, PlanPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(pass);
        var (templates, problem) = LifecycleTemplates.For(catalog, proposed);
        if (templates is null)
        {
            return [ResourcePlanOutcome.Error(string.Empty, new FailureDetails("Lifecycle.TemplateMissing", problem!, null, IsTransient: false))];
        }

        var graph = EnvironmentGraph.Build(templates.Environment);
        var waves = graph.Order().Waves;
        if (pass.MinimumPlanned > 1 && CountPlannable(proposed, templates, graph, waves, pass) < pass.MinimumPlanned)
        {
            return [];
        }

        var changing = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<ResourcePlanOutcome>();
        using var slots = new SemaphoreSlim(pass.MaxParallel);
        foreach (var wave in waves)
        {
            // Resources of one wave never wait on each other, so what they depend on is settled before the wave starts.
            var outcomes = await Task.WhenAll(wave.Select(async name =>
            {
                var (decided, inputs) = Classify(proposed, templates, graph, name, changing, pass);
                if (decided is not null)
                {
                    return decided;
                }

                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var planned = await PlanOneAsync(proposed, templates.Resources[name], name, inputs, pass, cancellationToken).ConfigureAwait(false);
                    if (pass.Planned is not null)
                    {
                        await pass.Planned(planned, cancellationToken).ConfigureAwait(false);
                    }

                    return planned;
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
            changing.UnionWith(outcomes.Where(o => o.Action != "no-op").Select(o => o.Resource));
            results.AddRange(outcomes);
        }

        return results;
    }

    /// <summary>
    /// How many resources the pass would plan at least: as if every plannable one changed, so resources downstream of
    /// it count as pending. The real pass plans more only where a plan turns out to change nothing.
    /// </summary>
    private static int CountPlannable(
        EnvironmentRecord proposed, LifecycleTemplates templates, DependencyGraph graph, IEnumerable<ImmutableArray<string>> waves, PlanPass pass)
    {
        var changing = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var name in waves.SelectMany(w => w))
        {
            var (decided, _) = Classify(proposed, templates, graph, name, changing, pass);
            count += decided is null ? 1 : 0;
            if (decided?.Action != "no-op")
            {
                changing.Add(name);
            }
        }

        return count;
    }

    /// <summary>The outcome of a resource that needs no plan (input error, pending, unchanged), or null with its inputs.</summary>
    private static (ResourcePlanOutcome? Outcome, ResourceInputs Inputs) Classify(
        EnvironmentRecord proposed, LifecycleTemplates templates, DependencyGraph graph, string name, HashSet<string> changing, PlanPass pass)
    {
        var resourceTemplate = templates.Resources[name];
        var inputs = ResourceInputs.Evaluate(proposed, templates.Environment, templates.Environment.FindResource(name)!, resourceTemplate);
        if (!inputs.Errors.IsEmpty)
        {
            return (ResourcePlanOutcome.Error(name, new FailureDetails("Lifecycle.InvalidInput", string.Join("; ", inputs.Errors), null, IsTransient: false)), inputs);
        }

        var waitsOnChange = graph.DependenciesOf(name).Where(changing.Contains).ToList();
        if (!inputs.Unknown.IsEmpty || waitsOnChange.Count > 0)
        {
            return (new ResourcePlanOutcome(name, "pending", [], [.. inputs.Unknown.Concat(waitsOnChange.Select(w => $"resources.{w}.outputs"))], null, []), inputs);
        }

        if (pass.SkipUnchanged && inputs.SameAsLastApply(proposed.FindResource(name), resourceTemplate.Version))
        {
            return (new ResourcePlanOutcome(name, "no-op", [], [], null, []), inputs);
        }

        return (null, inputs);
    }

    private async Task<ResourcePlanOutcome> PlanOneAsync(
        EnvironmentRecord proposed, ResourceTemplate resourceTemplate, string name, ResourceInputs inputs, PlanPass pass, CancellationToken cancellationToken)
    {
        var address = StateAddresses.For(proposed.Id, name);
        await stateBackend.RegisterAsync(address, cancellationToken).ConfigureAwait(false);
        var request = new TerraformRunRequest(catalog.ModuleDirectoryOf(resourceTemplate), StateAddresses.BackendFor(stateBackend, options.Value, address, runId: null))
        {
            RunId = $"{pass.RunIdPrefix ?? $"plan-{proposed.Id.Project.Value}-{proposed.Id.Name.Value}"}-{name}",
            Inputs = inputs.Values.ToDictionary(e => e.Key, e => JsonValues.ToTerraform(e.Value), StringComparer.Ordinal),
            CommandTimeout = resourceTemplate.Timeouts?.Apply,

            // A what-if must never leave a lock behind (a killed plan cannot release it) nor wait for a running apply.
            LockState = false,
        };
        var sink = pass.SinkFor is null ? NullTerraformEventSink.Instance : await pass.SinkFor(name, cancellationToken).ConfigureAwait(false);
        var result = await terraform.PlanAsync(request, sink, cancellationToken).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            return ResourcePlanOutcome.Error(name, StepFailures.From(failure));
        }

        var changes = result.Plan?.ResourceChanges.Where(c => !c.Actions.SequenceEqual(["no-op"])).ToList() ?? [];
        var action = Summarise(changes.SelectMany(c => c.Actions).ToHashSet(StringComparer.Ordinal), result.Plan?.HasChanges == true);
        var policyResults = result.Plan is { } plan
            ? PlanRules.Evaluate(catalog.Catalog, proposed.Id.Project.Value, proposed.Template.Name, name, plan)
            : [];
        return new ResourcePlanOutcome(name, action, [.. changes.Select(c => $"{c.Address}: {string.Join("+", c.Actions)}")], [], null, policyResults);
    }

    private static string Summarise(HashSet<string> actions, bool hasChanges) =>
        actions.Contains("create") && actions.Contains("delete") ? "replace"
        : actions.Contains("create") ? "create"
        : actions.Contains("update") ? "update"
        : actions.Contains("delete") ? "delete"
        : hasChanges ? "update"
        : "no-op";
}

/// <summary>How one planning pass differs from a what-if asked over HTTP.</summary>
/// <param name="RunIdPrefix">Prefix of the Terraform run ids (the resource name is appended); null for what-if.</param>
/// <param name="SkipUnchanged">Report a resource whose inputs and version equal its last apply as no-op without planning it.</param>
/// <param name="SinkFor">Where a resource's Terraform events go, asked right before its plan starts; null discards them.</param>
internal sealed record PlanPass(string? RunIdPrefix, bool SkipUnchanged, Func<string, CancellationToken, Task<ITerraformEventSink>>? SinkFor)
{
    /// <summary>A what-if shares the runner's slots with running deploys: at most two plans at a time.</summary>
    public static PlanPass WhatIf { get; } = new(null, SkipUnchanged: false, SinkFor: null) { MaxParallel = 2 };

    /// <summary>Called as each plan returns (before the rest of its wave), e.g. to close its step.</summary>
    public Func<ResourcePlanOutcome, CancellationToken, Task>? Planned { get; init; }

    public int MaxParallel { get; init; } = 8;

    /// <summary>
    /// Plan nothing when fewer resources than this could be planned now. A lone plannable resource is one every other
    /// changing resource waits on, so its own apply step's check already stops them all.
    /// </summary>
    public int MinimumPlanned { get; init; } = 1;
}

/// <param name="Action">create, update, replace, delete, no-op, pending (inputs known after apply) or error.</param>
/// <param name="PolicyResults">Every violation of a plan rule by this resource's plan, mandatory and advisory.</param>
internal sealed record ResourcePlanOutcome(
    string Resource, string Action, IReadOnlyList<string> Changes, IReadOnlyList<string> UnknownInputs, FailureDetails? Failure, ImmutableArray<PolicyResult> PolicyResults)
{
    public static ResourcePlanOutcome Error(string resource, FailureDetails failure) => new(resource, "error", [], [], failure, []);
}
