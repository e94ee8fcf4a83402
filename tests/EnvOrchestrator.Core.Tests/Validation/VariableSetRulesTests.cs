using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Tests.Validation;

/// <summary>Catalog-time checks of the override controls on variable set values.</summary>
public sealed class VariableSetRulesTests
{
    private static readonly DocumentSource Source = new("sets/org.yaml", ImmutableDictionary<string, SourcePosition>.Empty
        .Add("spec.variables.sku.override", new SourcePosition(9, 7))
        .Add("spec.variables.sku.value", new SourcePosition(8, 7)));

    [Fact]
    public void Validate_ControlledVariablesThatFit_HaveNoErrors()
    {
        var catalog = Catalog(
            new SharedVariable("team", Value.Of("platform")),
            new SharedVariable("region", Value.Of("westeurope")) { Override = OverrideRule.NotAllowed },
            new SharedVariable("replicas", Value.Of(2m)) { Override = OverrideRule.Restricted, Allowed = [Value.Of(1m), Value.Of(2.0m)] });

        Assert.Empty(CatalogValidator.Validate(catalog));
    }

    [Fact]
    public void Validate_RestrictedWithoutAllowed_ErrorAtOverride()
    {
        var catalog = Catalog(new SharedVariable("sku", Value.Of("Basic")) { Override = OverrideRule.Restricted });

        var error = Assert.Single(CatalogValidator.Validate(catalog));

        Assert.Equal(
            ("sets/org.yaml", 9, 7, "spec.variables.sku.override", RuleIds.RestrictedWithoutAllowed),
            (error.File, error.Line, error.Column, error.Path, error.RuleId));
    }

    [Fact]
    public void Validate_ValueOutsideAllowed_ErrorAtValue()
    {
        var catalog = Catalog(new SharedVariable("sku", Value.Of("Premium"))
        {
            Override = OverrideRule.Restricted,
            Allowed = [Value.Of("Basic"), Value.Of("Standard")],
        });

        var error = Assert.Single(CatalogValidator.Validate(catalog));

        Assert.Equal((8, 7, "spec.variables.sku.value", RuleIds.InputNotAllowed), (error.Line, error.Column, error.Path, error.RuleId));
        Assert.Contains("'Premium'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SensitiveValueOutsideAllowed_MessageHidesTheValue()
    {
        var catalog = Catalog(new SharedVariable("sku", Value.Of("hunter2"))
        {
            Sensitive = true,
            Override = OverrideRule.Restricted,
            Allowed = [Value.Of("Basic")],
        });

        var error = Assert.Single(CatalogValidator.Validate(catalog));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("(sensitive)", error.Message, StringComparison.Ordinal);
    }

    private static TemplateCatalog Catalog(params SharedVariable[] variables) => new()
    {
        VariableSets = [new VariableSet("org") { Variables = [.. variables], Source = Source }],
    };
}
