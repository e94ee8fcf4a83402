using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Expressions;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>The inputs of one resource: its template expressions evaluated with the environment's inputs and the outputs known so far.</summary>
internal sealed record ResourceInputs(ImmutableSortedDictionary<string, Value> Values, ImmutableArray<string> Unknown, ImmutableArray<string> Errors)
{
    /// <summary>
    /// True when the resource succeeded with exactly these inputs and module version: nothing to apply. This is what
    /// makes retry and update skip what is done, and the preflight skip what will not change.
    /// </summary>
    public bool SameAsLastApply(ResourceRecord? applied, SemVersion version) =>
        Unknown.IsEmpty && applied is { Status: ResourceStatus.Succeeded } && applied.ResolvedVersion == version
        && Lifecycle.Values.JsonValues.SameValues(applied.Inputs, Values);

    public static ResourceInputs Evaluate(EnvironmentRecord environment, EnvironmentTemplate template, EnvironmentResource resource, ResourceTemplate resourceTemplate)
    {
        var scope = new EvaluationScope
        {
            Inputs = environment.Inputs.ToImmutableDictionary(StringComparer.Ordinal),
            ResourceOutputs = environment.Resources
                .Where(r => r.Status == ResourceStatus.Succeeded)
                .ToImmutableDictionary(r => r.Name, r => r.Outputs.ToImmutableDictionary(StringComparer.Ordinal), StringComparer.Ordinal),
            KnownResources = [.. template.Resources.Select(r => r.Name)],
            EnvironmentName = environment.Id.Name.Value,
            ProjectName = environment.Id.Project.Value,
            HasResourceGroup = template.ResourceGroup is not null,
            ResourceGroupName = Core.ResourceGroups.ResourceGroupTags.NameOf(environment.Id.Project.Value, environment.Id.Name.Value),
        };
        var values = ImmutableSortedDictionary.CreateBuilder<string, Value>(StringComparer.Ordinal);
        var unknown = ImmutableArray.CreateBuilder<string>();
        var errors = ImmutableArray.CreateBuilder<string>();
        foreach (var (name, expression) in resource.Inputs)
        {
            var result = ExpressionEvaluator.Evaluate(expression, scope);
            errors.AddRange(result.Errors.Select(e => $"input '{name}': {e}"));
            var definition = resourceTemplate.FindInput(name);
            var value = result.Value.AsSensitive(result.Value.IsSensitive || definition?.Sensitive == true);
            if (value.ContainsUnknown)
            {
                unknown.Add(name);
            }
            else if (definition is not null)
            {
                errors.AddRange(InputValueValidator.Validate(definition, value).Select(v => $"input '{name}': {v.Message} ({v.RuleId})"));
            }

            values[name] = value;
        }

        return new ResourceInputs(values.ToImmutable(), unknown.ToImmutable(), errors.ToImmutable());
    }
}
