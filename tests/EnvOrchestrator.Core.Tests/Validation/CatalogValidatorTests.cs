using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Tests.Validation;

public sealed class CatalogValidatorTests
{
    private static readonly ResourceTemplate Network = new("net", new SemVersion(1, 0, 0))
    {
        Inputs = [new InputDefinition("name", ValueKind.String)],
        Outputs = [new OutputDefinition("subnet_id", ValueKind.String), new OutputDefinition("key", ValueKind.String) { Sensitive = true }],
    };

    private static readonly ResourceTemplate Database = new("db", new SemVersion(1, 0, 0))
    {
        Inputs =
        [
            new InputDefinition("subnet_id", ValueKind.String),
            new InputDefinition("password", ValueKind.String) { Sensitive = true, Required = false },
            new InputDefinition("replicas", ValueKind.Number) { Default = Value.Of(1m) },
        ],
    };

    [Fact]
    public void Validate_WellWiredEnvironment_HasNoErrors()
    {
        var catalog = Catalog(Environment(
            Resource("network", "net@1.0.0", ("name", "${environment.name}")),
            Resource("database", "db@^1", ("subnet_id", "${resources.network.outputs.subnet_id}"), ("password", "${resources.network.outputs.key}"))));

        Assert.Empty(CatalogValidator.Validate(catalog));
    }

    [Fact]
    public void Validate_ResourceGroupReferenceWithoutResourceGroup_ReportedAtTheInput()
    {
        var wired = Environment(Resource("network", "net@1.0.0", ("name", "${environment.resourceGroup}")));

        var error = Assert.Single(CatalogValidator.Validate(Catalog(wired)));
        var declared = CatalogValidator.Validate(Catalog(wired with { ResourceGroup = new ResourceGroupSettings("westeurope") }));

        Assert.Equal((RuleIds.NoResourceGroup, "spec.resources[0].inputs.name"), (error.RuleId, error.Path));
        Assert.Empty(declared);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllOfThem()
    {
        var catalog = Catalog(Environment(
            Resource("network", "net@1.0.0", ("name", "${resources.database.outputs.nothing}")),
            Resource("database", "db@2.0.0", ("subnet_id", "x")),
            Resource("cache", "redis@1.0.0")));

        var rules = CatalogValidator.Validate(catalog).Select(e => e.RuleId).Order(StringComparer.Ordinal).ToList();

        Assert.Equal([RuleIds.UnknownTemplate, RuleIds.UnknownVersion], rules);
    }

    [Fact]
    public void Validate_SensitiveIntoPlainInput_ReportsLeakAtInputPath()
    {
        var catalog = Catalog(Environment(
            Resource("network", "net@1.0.0", ("name", "n")),
            Resource("database", "db@1.0.0", ("subnet_id", "${resources.network.outputs.key}"))));

        var error = Assert.Single(CatalogValidator.Validate(catalog));

        Assert.Equal(RuleIds.SensitiveLeak, error.RuleId);
        Assert.Equal("spec.resources[1].inputs.subnet_id", error.Path);
    }

    [Fact]
    public void Validate_Cycle_ReportsPathInMessage()
    {
        var catalog = Catalog(Environment(
            Resource("a", "net@1.0.0", ("name", "${resources.b.outputs.subnet_id}")),
            Resource("b", "net@1.0.0", ("name", "${resources.a.outputs.subnet_id}"))));

        var error = Assert.Single(CatalogValidator.Validate(catalog));

        Assert.Equal(RuleIds.Cycle, error.RuleId);
        Assert.Contains("a -> b -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ErrorLocation_ComesFromDocumentSource()
    {
        var source = new DocumentSource("envs/e.yaml", ImmutableDictionary<string, SourcePosition>.Empty
            .Add("spec.resources[0].template", new SourcePosition(12, 17)));
        var catalog = Catalog(Environment(Resource("cache", "redis@1.0.0")) with { Source = source });

        var error = Assert.Single(CatalogValidator.Validate(catalog));

        Assert.Equal(("envs/e.yaml", 12, 17), (error.File, error.Line, error.Column));
    }

    [Theory]
    [InlineData(PolicyEnforcement.Mandatory)]
    [InlineData(PolicyEnforcement.Advisory)]
    public void Validate_RequireApprovalOutsideAnApprovalPolicy_ReportedAtTheRule(PolicyEnforcement enforcement)
    {
        var policy = new Policy("gate", PolicyScope.Everything, enforcement) { Rules = [new MaxTtlRule(TimeSpan.FromHours(1)), new RequireApprovalRule()] };
        var catalog = Catalog(Environment(Resource("network", "net@1.0.0", ("name", "n")))) with { Policies = [policy] };

        var error = Assert.Single(CatalogValidator.Validate(catalog));

        Assert.Equal((RuleIds.RequireApprovalEnforcement, "spec.rules[1].requireApproval"), (error.RuleId, error.Path));
        Assert.Contains("needs enforcement: approval", error.Message, StringComparison.Ordinal);
        Assert.Empty(CatalogValidator.Validate(catalog with { Policies = [policy with { Enforcement = PolicyEnforcement.Approval }] }));
    }

    private static TemplateCatalog Catalog(EnvironmentTemplate environment) => new()
    {
        ResourceTemplates = [Network, Database],
        EnvironmentTemplates = [environment],
    };

    private static EnvironmentTemplate Environment(params EnvironmentResource[] resources) =>
        new("e", new SemVersion(1, 0, 0)) { Resources = [.. resources] };

    private static EnvironmentResource Resource(string name, string template, params (string Key, string Value)[] inputs)
    {
        Assert.True(TemplateReference.TryParse(template, out var reference));
        return new EnvironmentResource(name, reference)
        {
            Inputs = inputs.ToImmutableSortedDictionary(i => i.Key, i => (Value)Value.Of(i.Value), StringComparer.Ordinal),
        };
    }
}
