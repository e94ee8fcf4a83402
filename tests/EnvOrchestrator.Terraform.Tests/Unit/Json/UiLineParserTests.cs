using EnvOrchestrator.Terraform.Json;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Tests.Unit.Json;

public sealed class UiLineParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_ApplyComplete_TypedEventWithRedactedId()
    {
        var redactor = new SecretRedactor();
        redactor.Add(System.Text.Json.JsonSerializer.SerializeToElement("id-secret-123"));
        const string Line = """{"@level":"info","@message":"done","type":"apply_complete","hook":{"resource":{"addr":"terraform_data.a","module":"","resource_type":"terraform_data"},"action":"create","id_key":"id","id_value":"id-secret-123","elapsed_seconds":2}}""";

        var parsed = UiLineParser.Parse(Line, "apply", Now, redactor, out _);

        var completed = Assert.IsType<ResourceCompletedEvent>(parsed);
        Assert.Equal("terraform_data.a", completed.Address);
        Assert.Equal("create", completed.Action);
        Assert.Equal(SecretRedactor.Placeholder, completed.IdValue);
        Assert.Equal(2, completed.ElapsedSeconds);
        Assert.Equal("apply", completed.Command);
        Assert.Equal(Now, completed.Timestamp);
    }

    [Fact]
    public void Parse_VersionLine_ReportsUiVersion()
    {
        const string Line = """{"@level":"info","@message":"Terraform 1.11.4","terraform":"1.11.4","type":"version","ui":"1.2"}""";

        var parsed = UiLineParser.Parse(Line, "init", Now, new SecretRedactor(), out var ui);

        Assert.IsType<MessageEvent>(parsed);
        Assert.Equal("1.2", ui);
        Assert.True(UiLineParser.IsSupported(ui!));
        Assert.False(UiLineParser.IsSupported("2.0"));
    }

    [Fact]
    public void Parse_DiagnosticWithAddress_SeverityTextsAndAddress()
    {
        const string Line = """{"type":"diagnostic","diagnostic":{"severity":"error","summary":"local-exec provisioner error","detail":"exit status 3","address":"terraform_data.b","range":{"filename":"main.tf"}}}""";

        var parsed = UiLineParser.Parse(Line, "apply", Now, new SecretRedactor(), out _);

        var diagnostic = Assert.IsType<DiagnosticEvent>(parsed);
        Assert.Equal("error", diagnostic.Severity);
        Assert.Equal("local-exec provisioner error", diagnostic.Summary);
        Assert.Equal("exit status 3", diagnostic.Detail);
        Assert.Equal("terraform_data.b", diagnostic.Address);
    }

    [Fact]
    public void Parse_ChangeSummaryAndOutputs_CountsAndNamesWithoutValues()
    {
        var summary = UiLineParser.Parse(
            """{"type":"change_summary","changes":{"add":2,"change":1,"import":0,"remove":3,"operation":"apply"}}""", "apply", Now, new SecretRedactor(), out _);
        var outputs = UiLineParser.Parse(
            """{"type":"outputs","outputs":{"a":{"sensitive":false,"value":"x","action":"create"},"b":{"sensitive":true,"action":"create"}}}""", "apply", Now, new SecretRedactor(), out _);

        Assert.Equal(new TerraformChangeSummary(2, 1, 3, 0, "apply"), Assert.IsType<ChangeSummaryEvent>(summary).Changes);
        var reported = Assert.IsType<OutputsEvent>(outputs).Outputs;
        Assert.Equal(["a", "b"], reported.Select(o => o.Name));
        Assert.True(reported[1].IsSensitive);
        Assert.DoesNotContain("\"x\"", outputs.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJsonOrNotAnObject_MessageEventWithText()
    {
        var text = UiLineParser.Parse("plain text", "plan", Now, new SecretRedactor(), out _);
        var array = UiLineParser.Parse("[1,2]", "plan", Now, new SecretRedactor(), out _);

        Assert.Equal("plain text", Assert.IsType<MessageEvent>(text).Text);
        Assert.Equal("[1,2]", Assert.IsType<MessageEvent>(array).Text);
    }
}
