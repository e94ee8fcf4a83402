using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Graph;
using EnvOrchestrator.Lifecycle.Activities;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Values;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.Terraform;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>
/// What-if: runs <c>terraform plan</c> for every resource whose inputs are known now, in dependency order; a
/// resource whose inputs wait on an output that is not known yet, or on an upstream that will change, is
/// reported as pending ("known after apply"), like Terraform does for values inside one plan. Nothing is applied.
/// </summary>
internal sealed class EnvironmentPlanner(
    ITemplateCatalogSource catalog,
    ITerraformRunner terraform,
    TerraformStateBackend stateBackend,
    IOptions<EnvironmentLifecycleOptions> options)
{
    public async Task<PlanView> PlanAsync(EnvironmentRecord proposed, CancellationToken cancellationToken)
    {
        var (templates, problem) = LifecycleTemplates.For(catalog, proposed);
        if (templates is null)
        {
            return new PlanView([new ResourcePlanView(string.Empty, "error", [], [], new FailureView("Lifecycle.TemplateMissing", problem!, null, false))]);
        }

        var graph = EnvironmentGraph.Build(templates.Environment);
        var changing = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<ResourcePlanView>();
        foreach (var name in graph.Order().DeployOrder)
        {
            var definition = templates.Environment.FindResource(name)!;
            var resourceTemplate = templates.Resources[name];
            var inputs = ResourceInputs.Evaluate(proposed, templates.Environment, definition, resourceTemplate);
            var waitsOnChange = graph.DependenciesOf(name).Where(changing.Contains).ToList();
            if (!inputs.Errors.IsEmpty)
            {
                results.Add(new ResourcePlanView(name, "error", [], [], new FailureView("Lifecycle.InvalidInput", string.Join("; ", inputs.Errors), null, false, name)));
                changing.Add(name);
                continue;
            }

            if (!inputs.Unknown.IsEmpty || waitsOnChange.Count > 0)
            {
                results.Add(new ResourcePlanView(name, "pending", [], [.. inputs.Unknown.Concat(waitsOnChange.Select(w => $"resources.{w}.outputs"))], null));
                changing.Add(name);
                continue;
            }

            var address = StateAddresses.For(proposed.Id, name);
            await stateBackend.RegisterAsync(address, cancellationToken).ConfigureAwait(false);
            var credentials = stateBackend.IssueCredentials(address, options.Value.StateCredentialLifetime);
            var request = new TerraformRunRequest(
                catalog.ModuleDirectoryOf(resourceTemplate),
                new TerraformHttpBackend(StateAddresses.UrlOf(options.Value.StateBackendUrl!, address), credentials.Username, credentials.Password))
            {
                RunId = $"plan-{proposed.Id.Project.Value}-{proposed.Id.Name.Value}-{name}",
                Inputs = inputs.Values.ToDictionary(e => e.Key, e => JsonValues.ToTerraform(e.Value), StringComparer.Ordinal),
                LockState = false,
            };
            var result = await terraform.PlanAsync(request, NullTerraformEventSink.Instance, cancellationToken).ConfigureAwait(false);
            if (result.Failure is { } failure)
            {
                var details = StepFailures.From(failure);
                results.Add(new ResourcePlanView(name, "error", [], [], ViewMapper.ToView(details, name, null)));
                changing.Add(name);
                continue;
            }

            var changes = result.Plan?.ResourceChanges.Where(c => !c.Actions.SequenceEqual(["no-op"])).ToList() ?? [];
            var action = Summarise(changes.SelectMany(c => c.Actions).ToHashSet(StringComparer.Ordinal), result.Plan?.HasChanges == true);
            if (action != "no-op")
            {
                changing.Add(name);
            }

            results.Add(new ResourcePlanView(name, action, [.. changes.Select(c => $"{c.Address}: {string.Join("+", c.Actions)}")], [], null));
        }

        return new PlanView(results);
    }

    private static string Summarise(HashSet<string> actions, bool hasChanges) =>
        actions.Contains("create") && actions.Contains("delete") ? "replace"
        : actions.Contains("create") ? "create"
        : actions.Contains("update") ? "update"
        : actions.Contains("delete") ? "delete"
        : hasChanges ? "update"
        : "no-op";
}
