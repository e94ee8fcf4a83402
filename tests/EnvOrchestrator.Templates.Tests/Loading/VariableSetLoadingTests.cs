using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Tests.Loading;

/// <summary>Variable sets in the short form (<c>team: platform</c>) and the long form with override controls.</summary>
public sealed class VariableSetLoadingTests
{
    [Fact(Timeout = 30_000)]
    public async Task LoadFiles_ShortAndLongForms_MapValuesAndControls()
    {
        var file = new CatalogFile("sets.yaml", """
            apiVersion: envorch.io/v1
            kind: VariableSet
            metadata: { name: org }
            spec:
              variables:
                team: platform
                replicas: 3
                zones: [a, b]
                region: { value: westeurope, override: not-allowed }
                sku: { value: Basic, override: restricted, allowed: [Basic, Standard] }
                owner: { value: ops, description: Owning team, sensitive: true }
            """);

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        Assert.Empty(result.Errors);
        var variables = Assert.Single(result.Catalog.VariableSets).Variables.ToDictionary(v => v.Name);
        Assert.Equal((Value.Of("platform"), OverrideRule.Allowed), (variables["team"].Value, variables["team"].Override));
        Assert.Equal(Value.Of(3m), variables["replicas"].Value);
        Assert.Equal(new ListValue([Value.Of("a"), Value.Of("b")]), variables["zones"].Value);
        Assert.Equal((Value.Of("westeurope"), OverrideRule.NotAllowed), (variables["region"].Value, variables["region"].Override));
        Assert.Equal(OverrideRule.Restricted, variables["sku"].Override);
        Assert.Equal([Value.Of("Basic"), Value.Of("Standard")], variables["sku"].Allowed.AsEnumerable());
        Assert.Equal((true, OverrideRule.Allowed, 0), (variables["owner"].Sensitive, variables["owner"].Override, variables["owner"].Allowed.Length));
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadFiles_RestrictedWithoutAllowed_ErrorAtTheOverride()
    {
        var file = new CatalogFile("sets.yaml", """
            apiVersion: envorch.io/v1
            kind: VariableSet
            metadata: { name: org }
            spec:
              variables:
                team: { value: platform, override: restricted }
            """);

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal(
            ("sets.yaml", 6, 30, "spec.variables.team.override", RuleIds.RestrictedWithoutAllowed),
            (error.File, error.Line, error.Column, error.Path, error.RuleId));
        Assert.Contains("'team'", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadFiles_ValueNotInAllowed_ErrorAtTheValue()
    {
        var file = new CatalogFile("sets.yaml", """
            apiVersion: envorch.io/v1
            kind: VariableSet
            metadata: { name: org }
            spec:
              variables:
                sku:
                  value: Premium
                  override: restricted
                  allowed: [Basic, Standard]
            """);

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal((7, 7, "spec.variables.sku.value", RuleIds.InputNotAllowed), (error.Line, error.Column, error.Path, error.RuleId));
        Assert.Equal("sets.yaml:7:7: spec.variables.sku.value: input.not-allowed: 'Premium' is not one of the allowed values of variable 'sku': Basic, Standard", error.ToString());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("team: { value: platform, overide: not-allowed }", "spec.variables.team.overide", RuleIds.SchemaUnknownField)]
    [InlineData("team: { value: platform, override: never }", "spec.variables.team.override", RuleIds.SchemaEnum)]
    [InlineData("team: { value: platform, allowed: platform }", "spec.variables.team.allowed", RuleIds.SchemaType)]
    [InlineData("team: { override: not-allowed }", "spec.variables.team", RuleIds.SchemaRequired)]
    public async Task LoadFiles_MalformedLongForm_RefusedBySchema(string variable, string path, string rule)
    {
        var file = new CatalogFile("sets.yaml", $$"""
            apiVersion: envorch.io/v1
            kind: VariableSet
            metadata: { name: org }
            spec:
              variables:
                {{variable}}
            """);

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal((6, path, rule), (error.Line, error.Path, error.RuleId));
    }
}
