using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Tests.Environments;

public sealed class EnvironmentRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly RunId Run = RunId.New(Now, "00000001");

    internal static EnvironmentRecord NewEnvironment(DateTimeOffset? expiresAt = null)
    {
        return EnvironmentRecord.Create(
            EnvironmentId.Parse("team-a", "dev-1"),
            Reference("web-stack@^1"),
            new SemVersion(1, 0, 0),
            MapValue.Empty.Entries,
            [new ResourceRecord { Name = "network", Template = Reference("vnet@^1") }, new ResourceRecord { Name = "cache", Template = Reference("redis-cache@1.2.0") }],
            "alice",
            Now,
            expiresAt);
    }

    private static TemplateReference Reference(string text) =>
        TemplateReference.TryParse(text, out var reference) ? reference : throw new ArgumentException(text, nameof(text));

    [Fact]
    public void Create_NewEnvironment_IsPendingWithPendingResources()
    {
        var environment = NewEnvironment();

        Assert.Equal(EnvironmentStatus.Pending, environment.Status);
        Assert.All(environment.Resources, r => Assert.Equal(ResourceStatus.Pending, r.Status));
        Assert.Equal(Now, environment.CreatedAt);
        Assert.Null(environment.Version);
    }

    [Fact]
    public void StartRun_FromPending_SetsRunStatusAndTime()
    {
        var started = NewEnvironment().StartRun(Run, EnvironmentStatus.Queued, Now.AddSeconds(5));

        Assert.True(started.Succeeded);
        Assert.Equal(EnvironmentStatus.Queued, started.Value!.Status);
        Assert.Equal(Run, started.Value.CurrentRunId);
        Assert.Equal(Now.AddSeconds(5), started.Value.UpdatedAt);
    }

    [Fact]
    public void StartRun_WhileAnotherRunWorks_ReturnsRunInProgress()
    {
        var started = NewEnvironment().StartRun(Run, EnvironmentStatus.Queued, Now).Value!;

        var second = started.StartRun(RunId.New(Now, "00000002"), EnvironmentStatus.Deploying, Now);

        Assert.False(second.Succeeded);
        Assert.Equal(DomainErrorCodes.RunInProgress, second.Problem.Code);
    }

    [Fact]
    public void TransitionTo_ForbiddenChange_ReturnsErrorAndLeavesRecordUnchanged()
    {
        var environment = NewEnvironment();

        var result = environment.TransitionTo(EnvironmentStatus.Ready, Now);

        Assert.False(result.Succeeded);
        Assert.Equal(DomainErrorCodes.InvalidTransition, result.Problem.Code);
        Assert.Contains("Pending", result.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(EnvironmentStatus.Pending, environment.Status);
    }

    [Fact]
    public void TransitionTo_Failed_IsRefusedInFavourOfFail()
    {
        var result = NewEnvironment().TransitionTo(EnvironmentStatus.Failed, Now);

        Assert.False(result.Succeeded);
        Assert.Equal(DomainErrorCodes.InvalidTransition, result.Problem.Code);
    }

    [Fact]
    public void Fail_DuringDeploy_RecordsFailingResourceAndEndsRun()
    {
        var deploying = NewEnvironment().StartRun(Run, EnvironmentStatus.Queued, Now).Value!.TransitionTo(EnvironmentStatus.Deploying, Now).Value!;
        var failure = new FailureDetails("Terraform.Quota", "quota exceeded", null, IsTransient: false);

        var failed = deploying.Fail(failure, new ResourceFailure("cache", failure, new StepLogId(deploying.Id, Run, "cache.apply.1")), Now.AddMinutes(3));

        Assert.True(failed.Succeeded);
        Assert.Equal(EnvironmentStatus.Failed, failed.Value!.Status);
        Assert.Equal(failure, failed.Value.Failure);
        Assert.Equal("cache", failed.Value.FailedResource!.ResourceName);
        Assert.Null(failed.Value.CurrentRunId);
    }

    [Fact]
    public void StartRun_RetryAfterFailure_ClearsFailureAndResumesFromFailedResource()
    {
        var failure = new FailureDetails("Terraform.Quota", "quota exceeded", null, IsTransient: false);
        var environment = NewEnvironment().StartRun(Run, EnvironmentStatus.Queued, Now).Value!
            .TransitionTo(EnvironmentStatus.Deploying, Now).Value!
            .TransitionResource("network", ResourceStatus.Planning, Now).Value!
            .TransitionResource("network", ResourceStatus.Applying, Now).Value!
            .TransitionResource("network", ResourceStatus.Succeeded, Now).Value!
            .TransitionResource("cache", ResourceStatus.Planning, Now).Value!
            .TransitionResource("cache", ResourceStatus.Applying, Now).Value!
            .TransitionResource("cache", ResourceStatus.Failed, Now, failure).Value!
            .Fail(failure, new ResourceFailure("cache", failure, null), Now).Value!;

        var retry = environment.StartRun(RunId.New(Now, "00000002"), EnvironmentStatus.Deploying, Now.AddHours(1));

        Assert.True(retry.Succeeded);
        Assert.Null(retry.Value!.Failure);
        Assert.Null(retry.Value.FailedResource);
        Assert.Equal(["cache"], environment.ResourcesToRetry(RunKind.Deploy).Select(r => r.Name));
    }

    [Fact]
    public void TransitionResource_Lifecycle_CountsAppliesAndRecordsTimesAndFailure()
    {
        var failure = new FailureDetails("Timeout", "apply timed out", null, IsTransient: true);
        var environment = NewEnvironment()
            .TransitionResource("cache", ResourceStatus.Planning, Now).Value!
            .TransitionResource("cache", ResourceStatus.Applying, Now.AddMinutes(1)).Value!
            .TransitionResource("cache", ResourceStatus.Failed, Now.AddMinutes(2), failure).Value!
            .TransitionResource("cache", ResourceStatus.Planning, Now.AddMinutes(3)).Value!
            .TransitionResource("cache", ResourceStatus.Applying, Now.AddMinutes(4)).Value!;

        var cache = environment.FindResource("cache")!;

        Assert.Equal(2, cache.ApplyCount);
        Assert.Equal(Now.AddMinutes(3), cache.StartedAt);
        Assert.Null(cache.CompletedAt);
        Assert.Null(cache.Failure);
        Assert.Equal(ResourceStatus.Pending, environment.FindResource("network")!.Status);
    }

    [Fact]
    public void TransitionResource_UnknownOrForbidden_ReturnsError()
    {
        var environment = NewEnvironment();

        var unknown = environment.TransitionResource("db", ResourceStatus.Planning, Now);
        var forbidden = environment.TransitionResource("cache", ResourceStatus.Succeeded, Now);

        Assert.Equal(DomainErrorCodes.UnknownResource, unknown.Problem!.Code);
        Assert.Equal(DomainErrorCodes.InvalidTransition, forbidden.Problem!.Code);
    }

    [Fact]
    public void WithResource_AppliedInputs_AreKeptForDestroy()
    {
        var environment = NewEnvironment();
        var applied = environment.FindResource("cache")! with { Inputs = MapValue.Empty.Entries.Add("sku", Value.Of("Basic")) };

        var updated = environment.WithResource(applied, Now.AddMinutes(1));

        Assert.Equal(Value.Of("Basic"), updated.FindResource("cache")!.Inputs["sku"]);
        Assert.Equal(2, updated.Resources.Length);
        Assert.Equal(Now.AddMinutes(1), updated.UpdatedAt);
    }

    [Fact]
    public void ResourcesToRetry_FailedDestroy_ReturnsResourcesNotYetDestroyed()
    {
        var environment = NewEnvironment().TransitionResource("network", ResourceStatus.Destroyed, Now).Value!;

        var left = environment.ResourcesToRetry(RunKind.Destroy);

        Assert.Equal(["cache"], left.Select(r => r.Name));
    }

    [Fact]
    public void RunRecord_WithStep_ReplacesSameAttemptAndAddsNewOne()
    {
        var run = new RunRecord { Id = Run, Environment = EnvironmentId.Parse("team-a", "dev-1"), Kind = RunKind.Deploy, RequestedBy = "alice" };
        var step = new RunStep { Resource = "cache", Action = StepAction.Apply };

        var updated = run.WithStep(step).WithStep(step with { Status = StepStatus.Succeeded }).WithStep(step with { Attempt = 2 });

        Assert.Equal(2, updated.Steps.Length);
        Assert.Equal(StepStatus.Succeeded, updated.Steps[0].Status);
        Assert.Equal("cache.apply.2", updated.LogOf(1).StepName);
        Assert.Equal(Now, updated.RequestedAt);
    }
}
