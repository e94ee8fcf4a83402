using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Core.Validation;

/// <summary>
/// Publish-time validation of a whole catalog. Returns every error found, never just the first, so an author
/// fixes a catalog in one round.
/// </summary>
public static class CatalogValidator
{
    public static ImmutableArray<CatalogError> Validate(TemplateCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new ErrorSink();
        CheckDuplicates(catalog.ResourceTemplates, t => $"{t.Name}@{t.Version}", t => t.Source, "resource template", errors);
        CheckDuplicates(catalog.EnvironmentTemplates, t => $"{t.Name}@{t.Version}", t => t.Source, "environment template", errors);
        CheckDuplicates(catalog.Policies, p => p.Name, p => p.Source, "policy", errors);
        CheckDuplicates(catalog.VariableSets, v => v.Name, v => v.Source, "variable set", errors);
        foreach (var template in catalog.ResourceTemplates)
        {
            InputDefinitionRules.Check(template.Source, "spec.inputs", template.Inputs, errors);
        }

        foreach (var policy in catalog.Policies)
        {
            ApprovalPolicyRules.Check(policy, errors);
        }

        foreach (var set in catalog.VariableSets)
        {
            VariableSetRules.Check(set, errors);
        }

        foreach (var template in catalog.EnvironmentTemplates)
        {
            EnvironmentTemplateRules.Check(catalog, template, errors);
        }

        return errors.ToImmutable();
    }

    private static void CheckDuplicates<T>(
        ImmutableArray<T> items, Func<T, string> key, Func<T, DocumentSource> source, string kind, ErrorSink errors)
    {
        var first = new Dictionary<string, DocumentSource>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var name = key(item);
            if (first.TryGetValue(name, out var original))
            {
                var where = original.File.Length == 0 ? string.Empty : $" (first in {original.File}:{original.Locate("metadata.name").Line})";
                errors.Add(source(item), "metadata.name", RuleIds.DuplicateName, $"{kind} '{name}' is declared more than once{where}");
            }
            else
            {
                first[name] = source(item);
            }
        }
    }
}
