using System.Text.Json;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Tests.Unit.Redaction;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Redact_NestedMultiLineAndEscapedForms_AllReplaced()
    {
        var redactor = new SecretRedactor();
        redactor.Add(JsonSerializer.SerializeToElement(new { password = "line-one\nline-two", pin = 987654, key = "quo\"ted" }));

        var text = redactor.Redact("a line-one b line-two c 987654 d quo\"ted e quo\\\"ted f");

        Assert.DoesNotContain("line-one", text, StringComparison.Ordinal);
        Assert.DoesNotContain("line-two", text, StringComparison.Ordinal);
        Assert.DoesNotContain("987654", text, StringComparison.Ordinal);
        Assert.DoesNotContain("quo\"ted", text, StringComparison.Ordinal);
        Assert.DoesNotContain("quo\\\"ted", text, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Placeholder, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_ShortValuesAndBooleans_LeftAlone()
    {
        var redactor = new SecretRedactor();
        redactor.Add(JsonSerializer.SerializeToElement(new { a = "ab", b = true, c = 7 }));

        var text = redactor.Redact("ab true 7");

        Assert.Equal("ab true 7", text);
    }
}
