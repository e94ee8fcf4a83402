using System.Text.Json;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>Plan rules on plans shaped as <c>terraform show -json</c> (through PlanReader) gives them.</summary>
public sealed class PlanRulesTests
{
    private static readonly TemplateCatalog Catalog = TemplateCatalog.Empty with
    {
        Policies =
        [
            Policy("tagging", PolicyEnforcement.Mandatory, "team-*", new RequireTagsRule(["owner", "cost-center"])),
            Policy("hints", PolicyEnforcement.Advisory, "lab", new RequireTagsRule(["owner"]), new DenyResourceTypesRule(["azurerm_kubernetes_cluster"])),
            Policy("limits", PolicyEnforcement.Mandatory, "quiet", new MaxTtlRule(TimeSpan.FromHours(8))),
            Policy("blast-radius", PolicyEnforcement.Mandatory, "prod", new MaxResourcesChangedRule(2), new PreventDestroyRule()),
            Policy("careful", PolicyEnforcement.Advisory, "staging", new PreventDestroyRule()),
        ],
    };

    [Fact]
    public void Evaluate_TagsMissingOrEmpty_MandatoryResultNamesPolicyAddressAndTags()
    {
        var plan = Plan(Change("azurerm_storage_account.main", "azurerm_storage_account", ["create"], """{"name":"st","tags":{"owner":" ","team":"a"}}"""));

        var results = PlanRules.Evaluate(Catalog, "team-a", "web", "bucket", plan);

        var result = Assert.Single(results);
        Assert.Equal(new PolicyResult("tagging", "requireTags", PolicyEnforcement.Mandatory, "bucket", "Policy 'tagging' requires tags on azurerm_storage_account.main; missing or empty: owner, cost-center."), result);
        Assert.Equal(result.Message, PlanRules.Refusal(results));
    }

    [Fact]
    public void Evaluate_TagsAllCarriesProviderDefaults_NoResult()
    {
        var plan = Plan(Change("aws_s3_bucket.b", "aws_s3_bucket", ["update"], """{"tags":null,"tags_all":{"owner":"alice","cost-center":"42"}}"""));

        Assert.Empty(PlanRules.Evaluate(Catalog, "team-a", "web", "bucket", plan));
    }

    [Fact]
    public void Evaluate_TagsNullAndNoTagsAll_EveryTagMissing()
    {
        var plan = Plan(Change("azurerm_resource_group.rg", "azurerm_resource_group", ["delete", "create"], """{"name":"rg","tags":null}"""));

        var result = Assert.Single(PlanRules.Evaluate(Catalog, "team-a", "web", "rg", plan));
        Assert.EndsWith("missing or empty: owner, cost-center.", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tags":{"owner":"alice"}}""", """{"tags":{"cost-center":true}}""")]
    [InlineData("""{}""", """{"tags":true}""")]
    [InlineData("""{"tags":{"owner":"alice","cost-center":"(sensitive)"}}""", """{}""")]
    [InlineData("""{"tags":"(sensitive)"}""", """{}""")]
    public void Evaluate_UnknownOrRedactedTags_CountAsPresent(string after, string afterUnknown)
    {
        var plan = Plan(Change("azurerm_storage_account.main", "azurerm_storage_account", ["create"], after, afterUnknown));

        Assert.Empty(PlanRules.Evaluate(Catalog, "team-a", "web", "bucket", plan));
    }

    [Theory]
    [InlineData("""["delete"]""", """{"tags":{}}""")]
    [InlineData("""["no-op"]""", """{"tags":{}}""")]
    [InlineData("""["read"]""", """{"tags":{}}""")]
    [InlineData("""["create"]""", """{"name":"no tags attribute"}""")]
    public void Evaluate_NotCreatedOrUpdatedOrNotTaggable_NoResult(string actions, string after)
    {
        var plan = Plan(Change("azurerm_storage_account.main", "azurerm_storage_account", JsonSerializer.Deserialize<string[]>(actions)!, after));

        Assert.Empty(PlanRules.Evaluate(Catalog, "team-a", "web", "bucket", plan));
    }

    [Fact]
    public void Evaluate_TerraformDataWithTagsInInput_Checked()
    {
        var plan = Plan(
            Change("terraform_data.box", "terraform_data", ["create"], """{"input":{"name":"x","tags":{"owner":"alice"}}}""", """{"id":true,"output":true}"""),
            Change("terraform_data.seed", "terraform_data", ["create"], """{"input":"x"}"""));

        var result = Assert.Single(PlanRules.Evaluate(Catalog, "team-a", "web", "box", plan));
        Assert.Contains("terraform_data.box; missing or empty: cost-center.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AdvisoryPolicy_ResultsRecordedWithoutRefusal()
    {
        var plan = Plan(
            Change("azurerm_kubernetes_cluster.aks", "azurerm_kubernetes_cluster", ["create"], """{"tags":{}}"""),
            Change("azurerm_resource_group.rg", "azurerm_resource_group", ["create"], """{"tags":{"owner":"bob"}}"""));

        var results = PlanRules.Evaluate(Catalog, "lab", "web", "cluster", plan);

        Assert.Equal(["requireTags", "denyResourceTypes"], results.Select(r => r.Rule));
        Assert.All(results, r => Assert.Equal(PolicyEnforcement.Advisory, r.Enforcement));
        Assert.Contains("azurerm_kubernetes_cluster.aks", results[0].Message, StringComparison.Ordinal);
        Assert.Null(PlanRules.Refusal(results));
    }

    [Theory]
    [InlineData("team-a", true)]
    [InlineData("lab", true)]
    [InlineData("quiet", false)]
    [InlineData("elsewhere", false)]
    public void AnyFor_PlanRulesOfEitherEnforcement_DecidesWhetherThePlanIsInspected(string project, bool expected) =>
        Assert.Equal(expected, PlanRules.AnyFor(Catalog, project, "web", new ResourceTemplate("any", new SemVersion(1, 0, 0))));

    [Theory]
    [InlineData(null, true)]
    [InlineData("terraform_data", false)]
    [InlineData("azurerm_resource_group,azurerm_kubernetes_cluster", true)]
    public void AnyFor_DenyRuleOnly_PlanNeededUnlessTheModuleCannotCreateADeniedType(string? managedTypes, bool expected)
    {
        var catalog = TemplateCatalog.Empty with
        {
            Policies = [Policy("no-aks", PolicyEnforcement.Mandatory, "*", new DenyResourceTypesRule(["azurerm_kubernetes_cluster"]))],
        };
        var resource = new ResourceTemplate("thing", new SemVersion(1, 0, 0))
        {
            ManagedResourceTypes = managedTypes is null ? null : [.. managedTypes.Split(',')],
        };

        Assert.Equal(expected, PlanRules.AnyFor(catalog, "team-a", "web", resource));
    }

    [Fact]
    public void Evaluate_MoreResourcesChangedThanAllowed_MandatoryResultCountsAReplaceOnceAndIgnoresNoOpsAndReads()
    {
        var plan = Plan(
            Change("terraform_data.a", "terraform_data", ["create"], "{}"),
            Change("terraform_data.b", "terraform_data", ["update"], "{}"),
            Change("terraform_data.c", "terraform_data", ["create", "delete"], "{}"),
            Change("terraform_data.d", "terraform_data", ["no-op"], "{}"),
            Change("data.x.y", "x", ["read"], "{}"));

        var results = PlanRules.Evaluate(Catalog, "prod", "web", "app", plan);

        var max = Assert.Single(results, r => r.Rule == "maxResourcesChanged");
        Assert.Equal("Policy 'blast-radius' allows at most 2 resource changes per plan; the plan of 'app' changes 3 (terraform_data.a, terraform_data.b, terraform_data.c).", max.Message);
        Assert.Equal(PolicyEnforcement.Mandatory, max.Enforcement);
    }

    [Fact]
    public void Evaluate_WithinTheChangeLimitAndNoDeletes_NoResult()
    {
        var plan = Plan(Change("terraform_data.a", "terraform_data", ["update"], "{}"), Change("terraform_data.b", "terraform_data", ["create"], "{}"));

        Assert.Empty(PlanRules.Evaluate(Catalog, "prod", "web", "app", plan));
    }

    [Theory]
    [InlineData("delete", "create")]
    [InlineData("create", "delete")]
    [InlineData("delete")]
    public void Evaluate_PlanDeletesOrReplaces_PreventDestroyRefusesNamingTheAddresses(params string[] actions)
    {
        var plan = Plan(Change("azurerm_postgresql_flexible_server.db", "azurerm_postgresql_flexible_server", actions, "{}"));

        var refused = Assert.Single(PlanRules.Evaluate(Catalog, "prod", "web", "db", plan));
        var advised = Assert.Single(PlanRules.Evaluate(Catalog, "staging", "web", "db", plan));

        Assert.Equal("Policy 'blast-radius' does not allow destroying existing resources; the plan of 'db' would delete or replace azurerm_postgresql_flexible_server.db.", refused.Message);
        Assert.NotNull(PlanRules.Refusal([refused]));
        Assert.Equal(PolicyEnforcement.Advisory, advised.Enforcement);
        Assert.Null(PlanRules.Refusal([advised]));
    }

    [Fact]
    public void AnyFor_PreventDestroyOrChangeLimit_NeedsThePlan()
    {
        var resource = new ResourceTemplate("step", new SemVersion(1, 0, 0)) { ManagedResourceTypes = ["terraform_data"] };

        Assert.True(PlanRules.AnyMandatoryFor(Catalog, "prod", "web", resource));
        Assert.True(PlanRules.AnyFor(Catalog, "staging", "web", resource));
        Assert.False(PlanRules.AnyMandatoryFor(Catalog, "staging", "web", resource));
    }

    private static Policy Policy(string name, PolicyEnforcement enforcement, string project, params PolicyRule[] rules) =>
        new(name, new PolicyScope([project], ["*"]), enforcement) { Rules = [.. rules] };

    private static TerraformPlan Plan(params TerraformResourceChange[] changes) => new(changes, []);

    private static TerraformResourceChange Change(string address, string type, string[] actions, string after, string? afterUnknown = null) =>
        new(address, type, address[(address.IndexOf('.', StringComparison.Ordinal) + 1)..], actions, JsonDocument.Parse(after).RootElement.Clone())
        {
            AfterUnknown = afterUnknown is null ? default : JsonDocument.Parse(afterUnknown).RootElement.Clone(),
        };
}
