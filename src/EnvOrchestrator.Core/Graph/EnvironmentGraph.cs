using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Expressions;

namespace EnvOrchestrator.Core.Graph;

/// <summary>Builds the dependency graph of an environment template from <c>dependsOn</c> and from output references.</summary>
public static class EnvironmentGraph
{
    public static DependencyGraph Build(EnvironmentTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new DependencyGraph(template.Resources.Select(r =>
            new KeyValuePair<string, IEnumerable<string>>(r.Name, DependenciesOf(r))));
    }

    /// <summary>Explicit <c>dependsOn</c> entries first, then resources whose outputs the inputs reference.</summary>
    public static IEnumerable<string> DependenciesOf(EnvironmentResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var implicitDeps = resource.Inputs.Values
            .SelectMany(ExpressionFinder.References)
            .Where(r => r.Root == ReferenceRoot.ResourceOutput)
            .Select(r => r.Resource!);
        return resource.DependsOn.Concat(implicitDeps).Distinct(StringComparer.Ordinal);
    }
}
