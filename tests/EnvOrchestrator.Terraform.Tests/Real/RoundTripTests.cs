using System.Text;
using System.Text.Json;
using EnvOrchestrator.Terraform.Redaction;
using EnvOrchestrator.Terraform.Tests.Support;
using Xunit.Abstractions;

namespace EnvOrchestrator.Terraform.Tests.Real;

[Collection(RealTerraformGroup.Name)]
public sealed class RoundTripTests(ITestOutputHelper output)
{
    private const string Tricky =
        "quote\" back\\slash\nnew line\ttab ${var.text} $(rm -rf /) `whoami` ; | & > < * ? ~ ! # 'single' %{if true}x%{endif} héllo 日本語 🚀";

    [Fact(Timeout = 120_000)]
    public async Task ApplyAsync_OutputsFedBackAsInputs_RoundTripByteForByte()
    {
        await using var context = await TerraformTestContext.StartAsync(output);
        var (_, first) = await context.Backend.NewStateAsync("first");
        var (_, second) = await context.Backend.NewStateAsync("second");
        var inputs = new Dictionary<string, TerraformValue>
        {
            ["text"] = TerraformValue.From(Tricky),
            ["number"] = TerraformValue.FromJson("12345.678"),
            ["flag"] = TerraformValue.From(true),
            ["list"] = TerraformValue.From(new[] { "a\"b", "${x}", "$(y)", "`z`", "日本" }),
            ["map"] = TerraformValue.From(new Dictionary<string, string> { ["k e y"] = "v\nal", ["$(k)"] = "${v}" }),
            ["nothing"] = TerraformValue.FromJson("null"),
            ["secret"] = TerraformValue.From("s3cret \"$(x)\" `y`", isSensitive: true),
        };

        var applied = await context.Runner.ApplyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("roundtrip"), first) { Inputs = inputs }, NullTerraformEventSink.Instance, CancellationToken.None);
        var fedBack = applied.Outputs.Where(o => o.Value.Value.ValueKind != JsonValueKind.Null).ToDictionary(o => o.Key, o => o.Value);
        var reapplied = await context.Runner.ApplyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("roundtrip"), second) { Inputs = fedBack }, NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.Null(applied.Failure);
        Assert.Null(reapplied.Failure);
        Assert.Equal(Tricky, applied.Outputs["text"].Value.GetString());
        Assert.Equal(Tricky, reapplied.Outputs["text"].Value.GetString());
        Assert.Equal(12345.678, reapplied.Outputs["number"].Value.GetDouble());
        Assert.True(reapplied.Outputs["flag"].Value.GetBoolean());
        Assert.True(reapplied.Outputs["secret"].IsSensitive);
        Assert.Equal("s3cret \"$(x)\" `y`", reapplied.Outputs["secret"].Value.GetString());
        Assert.False(applied.Outputs.TryGetValue("nothing", out var nothing) && nothing.Value.ValueKind != JsonValueKind.Null);
        foreach (var name in new[] { "text", "number", "flag", "list", "map", "secret" })
        {
            Assert.True(JsonElement.DeepEquals(inputs[name].Value, reapplied.Outputs[name].Value), name);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task DestroyAsync_PersistedInputs_SucceedsWhereMissingInputsFail()
    {
        await using var context = await TerraformTestContext.StartAsync(output);
        var (address, backend) = await context.Backend.NewStateAsync("destroyable");
        var inputs = new Dictionary<string, TerraformValue>
        {
            ["text"] = TerraformValue.From("t"),
            ["number"] = TerraformValue.From(1),
            ["flag"] = TerraformValue.From(false),
            ["list"] = TerraformValue.From(Array.Empty<string>()),
            ["map"] = TerraformValue.From(new Dictionary<string, string>()),

            // Not marked by the caller: the module declares it sensitive, so the persisted input is marked anyway.
            ["secret"] = TerraformValue.From("persist-me-secret"),
        };
        var applied = await context.Runner.ApplyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("roundtrip"), backend) { Inputs = inputs }, NullTerraformEventSink.Instance, CancellationToken.None);
        var persisted = JsonSerializer.Serialize(applied.Inputs);

        var withoutInputs = await context.Runner.DestroyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("roundtrip"), context.Backend.HttpFor(address)), NullTerraformEventSink.Instance, CancellationToken.None);
        var restored = JsonSerializer.Deserialize<Dictionary<string, TerraformValue>>(persisted)!;
        var destroyed = await context.Runner.DestroyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("roundtrip"), context.Backend.HttpFor(address)) { Inputs = restored },
            NullTerraformEventSink.Instance,
            CancellationToken.None);

        Assert.Null(applied.Failure);
        Assert.True(applied.Inputs["secret"].IsSensitive);
        Assert.Equal(TerraformFailureKind.InvalidInput, withoutInputs.Failure?.Kind);
        Assert.Contains("No value for required variable", withoutInputs.Failure!.Detail, StringComparison.Ordinal);
        Assert.Null(destroyed.Failure);
        Assert.Equal(1, destroyed.Changes?.Remove);
        Assert.True(await context.Backend.Backend.DeleteAsync(address, CancellationToken.None));
    }

    [Fact(Timeout = 120_000)]
    public async Task ApplyAsync_SensitiveValues_NeverInEventsOrLogs()
    {
        const string Secret = "canary-7f3a9c-secret";
        await using var context = await TerraformTestContext.StartAsync(output);
        var (_, backend) = await context.Backend.NewStateAsync("leaky");
        var sink = new RecordingSink();

        var result = await context.Runner.ApplyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("leaky"), backend)
            {
                Inputs = new Dictionary<string, TerraformValue> { ["secret"] = TerraformValue.From(Secret, isSensitive: true) },
            },
            sink,
            CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Equal(Secret, result.Outputs["secret_copy"].Value.GetString());
        var captured = sink.Serialized().Concat(context.Logs.Lines).Append(result.ToString()).Append(JsonSerializer.Serialize(result.Plan)).ToList();
        Assert.NotEmpty(captured);
        Assert.All(captured, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
        Assert.All(captured, line => Assert.DoesNotContain(backend.Password, line, StringComparison.Ordinal));

        // The leak was there and was caught, not absent.
        Assert.Contains(sink.Events.OfType<ProvisionerEvent>(), e => e.Output?.Contains("leaked=" + SecretRedactor.Placeholder, StringComparison.Ordinal) == true);
        var planned = Assert.Single(result.Plan!.ResourceChanges);
        Assert.Equal("(sensitive)", planned.After.GetProperty("input").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task ApplyAsync_KeptRunDirectory_HasLayoutAndNoBackendCredentials()
    {
        await using var context = await TerraformTestContext.StartAsync(output, o => o.KeepRunDirectories = true);
        var (_, backend) = await context.Backend.NewStateAsync("layout");

        var result = await context.Runner.ApplyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("simple"), backend)
            {
                RunId = "layout-run",
                Inputs = new Dictionary<string, TerraformValue> { ["value"] = TerraformValue.From("v") },
            },
            NullTerraformEventSink.Instance,
            CancellationToken.None);

        Assert.Null(result.Failure);
        var runDirectory = Assert.Single(Directory.GetDirectories(context.WorkRoot), d => !Path.GetFileName(d).StartsWith('.'));
        Assert.StartsWith("layout-run-", Path.GetFileName(runDirectory), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runDirectory, "module", "main.tf")));
        Assert.True(File.Exists(Path.Combine(runDirectory, "module", "zz_envorch_backend_override.tf")));
        Assert.True(File.Exists(Path.Combine(runDirectory, "inputs.tfvars.json")));
        Assert.True(File.Exists(Path.Combine(runDirectory, "cli.tfrc")));
        Assert.True(File.Exists(Path.Combine(runDirectory, "plan.tfplan")));
        Assert.True(Directory.Exists(Path.Combine(runDirectory, "data")));
        var password = Encoding.UTF8.GetBytes(backend.Password);
        Assert.All(
            Directory.GetFiles(runDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }),
            file => Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(password)));
    }
}
