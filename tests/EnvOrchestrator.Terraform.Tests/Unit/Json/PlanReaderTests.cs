using EnvOrchestrator.Terraform.Json;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Tests.Unit.Json;

public sealed class PlanReaderTests
{
    private const string Plan = """
        {
          "format_version": "1.2",
          "variables": { "password": { "value": "var-secret-1" }, "name": { "value": "web" } },
          "configuration": { "root_module": { "variables": { "password": { "sensitive": true }, "name": {} } } },
          "resource_changes": [{
            "address": "terraform_data.a", "type": "terraform_data", "name": "a",
            "change": {
              "actions": ["create"], "before": null,
              "after": { "input": { "user": "admin", "token": "attr-secret-2" }, "triggers_replace": null },
              "after_sensitive": { "input": { "token": true } },
              "after_unknown": { "id": true, "input": { "tags": { "owner": true } }, "output": true }
            }
          }],
          "output_changes": { "conn": { "actions": ["create"], "after": "out-secret-3", "after_sensitive": true } },
          "planned_values": { "outputs": { "conn": { "sensitive": true, "value": "out-secret-3" } } }
        }
        """;

    [Fact]
    public void Read_SensitiveFlags_RegisteredWithRedactorAndHiddenInPlan()
    {
        var redactor = new SecretRedactor();

        var (plan, sensitiveVariables) = PlanReader.Read(Plan, redactor);

        Assert.Equal(["password"], sensitiveVariables);
        var change = Assert.Single(plan.ResourceChanges);
        Assert.Equal("admin", change.After.GetProperty("input").GetProperty("user").GetString());
        Assert.Equal("(sensitive)", change.After.GetProperty("input").GetProperty("token").GetString());
        Assert.True(Assert.Single(plan.OutputChanges).IsSensitive);
        Assert.True(plan.HasChanges);
        var text = redactor.Redact("var-secret-1 attr-secret-2 out-secret-3 web admin");
        Assert.Equal($"{SecretRedactor.Placeholder} {SecretRedactor.Placeholder} {SecretRedactor.Placeholder} web admin", text);
    }

    [Fact]
    public void Read_AfterUnknown_KeptBesideAfter()
    {
        var (plan, _) = PlanReader.Read(Plan, new SecretRedactor());

        var unknown = Assert.Single(plan.ResourceChanges).AfterUnknown;
        Assert.True(unknown.GetProperty("input").GetProperty("tags").GetProperty("owner").GetBoolean());
        Assert.True(unknown.GetProperty("id").GetBoolean());
    }
}
