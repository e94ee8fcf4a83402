using System.Runtime.Versioning;
using System.Text;
using EnvOrchestrator.Terraform.Redaction;
using EnvOrchestrator.Terraform.Tests.Support;
using Xunit.Abstractions;

namespace EnvOrchestrator.Terraform.Tests.Real;

/// <summary>The short apply path: init reused per module, one apply process without a saved plan, outputs from state.</summary>
[Collection(RealTerraformGroup.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class FastApplyTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task ApplyAsync_SecondRunOfSameModule_ReusesInitAndTheCacheHoldsNoCredentials()
    {
        await using var context = await TerraformTestContext.StartAsync(output);
        var (_, first) = await context.Backend.NewStateAsync("init-first");
        var (_, second) = await context.Backend.NewStateAsync("init-second");

        var initial = await context.Runner.ApplyAsync(Simple(first, "one"), NullTerraformEventSink.Instance, CancellationToken.None);
        var reused = await context.Runner.ApplyAsync(Simple(second, "two"), NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.Null(initial.Failure);
        Assert.Null(reused.Failure);
        Assert.Equal(["init", "apply"], initial.Commands.Select(c => c.Command));
        Assert.Equal(["apply"], reused.Commands.Select(c => c.Command));
        Assert.Equal("two", reused.Outputs["value"].Value.GetString());
        var cache = Path.Combine(context.WorkRoot, ".init-cache");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache));
        var files = Directory.GetFiles(cache, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var password in new[] { first.Password, second.Password })
        {
            Assert.All(files, file => Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(password))));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ApplyAsync_ModuleChangedOrReuseOff_InitRunsAgain()
    {
        await using var context = await TerraformTestContext.StartAsync(output);
        var copy = Path.Combine(context.WorkRoot, "module-copy");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(TerraformTestContext.Module("simple"), "main.tf"), Path.Combine(copy, "main.tf"));
        var (_, before) = await context.Backend.NewStateAsync("changed-before");
        var (_, after) = await context.Backend.NewStateAsync("changed-after");
        await using var noReuse = await TerraformTestContext.StartAsync(output, o => o.ReuseInit = false);
        var (_, plain1) = await noReuse.Backend.NewStateAsync("plain-1");
        var (_, plain2) = await noReuse.Backend.NewStateAsync("plain-2");

        var original = await context.Runner.ApplyAsync(Simple(before, "a") with { ModuleDirectory = copy }, NullTerraformEventSink.Instance, CancellationToken.None);
        await File.AppendAllTextAsync(Path.Combine(copy, "main.tf"), "\n# changed\n");
        var changed = await context.Runner.ApplyAsync(Simple(after, "b") with { ModuleDirectory = copy }, NullTerraformEventSink.Instance, CancellationToken.None);
        var once = await noReuse.Runner.ApplyAsync(Simple(plain1, "c"), NullTerraformEventSink.Instance, CancellationToken.None);
        var twice = await noReuse.Runner.ApplyAsync(Simple(plain2, "d"), NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.All(new[] { original, changed, once, twice }, r => Assert.Null(r.Failure));
        Assert.All(new[] { original, changed, once, twice }, r => Assert.Equal("init", r.Commands[0].Command));
        Assert.False(Directory.Exists(Path.Combine(noReuse.WorkRoot, ".init-cache")));
    }

    [Fact(Timeout = 120_000)]
    public async Task ApplyAsync_CacheFolderWritableByOthers_NotTrustedAndInitRunsEachTime()
    {
        await using var context = await TerraformTestContext.StartAsync(output);
        var cache = Directory.CreateDirectory(Path.Combine(context.WorkRoot, ".init-cache")).FullName;
        File.SetUnixFileMode(cache, (UnixFileMode)0b111_111_111);
        var (_, first) = await context.Backend.NewStateAsync("open-first");
        var (_, second) = await context.Backend.NewStateAsync("open-second");

        var one = await context.Runner.ApplyAsync(Simple(first, "one"), NullTerraformEventSink.Instance, CancellationToken.None);
        var two = await context.Runner.ApplyAsync(Simple(second, "two"), NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.Null(one.Failure);
        Assert.Null(two.Failure);
        Assert.Equal(["init", "apply"], two.Commands.Select(c => c.Command));
        Assert.Empty(Directory.GetFileSystemEntries(cache));
    }

    [Fact(Timeout = 120_000)]
    public async Task ApplyAsync_WithoutPlanInspection_SensitiveOutputsFromStateAndSecretsRedacted()
    {
        const string Secret = "canary-51d0e2-secret";
        await using var context = await TerraformTestContext.StartAsync(output);
        var (_, backend) = await context.Backend.NewStateAsync("fast-leaky");
        var sink = new RecordingSink();

        var result = await context.Runner.ApplyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("leaky"), backend)
            {
                Inputs = new Dictionary<string, TerraformValue> { ["secret"] = TerraformValue.From(Secret, isSensitive: true) },
                InspectPlan = false,
            },
            sink,
            CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Null(result.Plan);
        Assert.DoesNotContain(result.Commands, c => c.Command is "plan" or "show" or "output");
        Assert.True(result.Outputs["secret_copy"].IsSensitive);
        Assert.Equal(Secret, result.Outputs["secret_copy"].Value.GetString());
        Assert.Equal("plain-value", result.Outputs["visible"].Value.GetString());
        Assert.Equal(1, result.Changes?.Add);
        var captured = sink.Serialized().Concat(context.Logs.Lines).Append(result.ToString()).ToList();
        Assert.All(captured, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
        Assert.Contains(sink.Events.OfType<ProvisionerEvent>(), e => e.Output?.Contains("leaked=" + SecretRedactor.Placeholder, StringComparison.Ordinal) == true);
    }

    [Fact(Timeout = 120_000)]
    public async Task PlanAsync_WithoutStateLock_PlansWhileAnotherHolderHasTheLockAndTakesNone()
    {
        await using var context = await TerraformTestContext.StartAsync(output);
        var (address, backend) = await context.Backend.NewStateAsync("what-if");
        var held = new StateBackend.Storage.TerraformStateLock("someone-else", """{"ID":"someone-else","Operation":"OperationTypeApply"}""", DateTimeOffset.UtcNow);
        await context.Backend.Backend.Store.TryLockAsync(address, held, CancellationToken.None);

        var unlocked = await context.Runner.PlanAsync(Simple(backend, "w") with { LockState = false }, NullTerraformEventSink.Instance, CancellationToken.None);
        var locked = await context.Runner.PlanAsync(Simple(backend, "w") with { LockTimeout = TimeSpan.Zero }, NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.Null(unlocked.Failure);
        Assert.True(unlocked.Plan!.HasChanges);
        Assert.Equal(TerraformFailureKind.StateLocked, locked.Failure?.Kind);
        Assert.Equal("someone-else", (await context.Backend.Backend.Store.GetLockAsync(address, CancellationToken.None))?.Id);
    }

    private static TerraformRunRequest Simple(TerraformHttpBackend backend, string value) =>
        new(TerraformTestContext.Module("simple"), backend)
        {
            Inputs = new Dictionary<string, TerraformValue> { ["value"] = TerraformValue.From(value) },
            InspectPlan = false,
        };
}
