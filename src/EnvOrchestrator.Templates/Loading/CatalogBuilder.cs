using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Templates.Loading;

/// <summary>Collects documents as files are read; a null document (unreadable) is skipped.</summary>
internal sealed class CatalogBuilder
{
    private readonly ImmutableArray<ResourceTemplate>.Builder _resources = ImmutableArray.CreateBuilder<ResourceTemplate>();
    private readonly ImmutableArray<EnvironmentTemplate>.Builder _environments = ImmutableArray.CreateBuilder<EnvironmentTemplate>();
    private readonly ImmutableArray<Policy>.Builder _policies = ImmutableArray.CreateBuilder<Policy>();
    private readonly ImmutableArray<VariableSet>.Builder _variableSets = ImmutableArray.CreateBuilder<VariableSet>();

    public void Add(ResourceTemplate? template)
    {
        if (template is not null)
        {
            _resources.Add(template);
        }
    }

    public void Add(EnvironmentTemplate? template)
    {
        if (template is not null)
        {
            _environments.Add(template);
        }
    }

    public void Add(Policy? policy)
    {
        if (policy is not null)
        {
            _policies.Add(policy);
        }
    }

    public void Add(VariableSet? set)
    {
        if (set is not null)
        {
            _variableSets.Add(set);
        }
    }

    public void AddAll(CatalogBuilder other)
    {
        _resources.AddRange(other._resources);
        _environments.AddRange(other._environments);
        _policies.AddRange(other._policies);
        _variableSets.AddRange(other._variableSets);
    }

    public TemplateCatalog Build() => new()
    {
        ResourceTemplates = _resources.ToImmutable(),
        EnvironmentTemplates = _environments.ToImmutable(),
        Policies = _policies.ToImmutable(),
        VariableSets = _variableSets.ToImmutable(),
    };
}
