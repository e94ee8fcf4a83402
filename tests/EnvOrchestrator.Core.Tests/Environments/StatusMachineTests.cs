using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Tests.Environments;

public sealed class StatusMachineTests
{
    public static TheoryData<EnvironmentStatus, EnvironmentStatus> AllowedEnvironmentChanges => new()
    {
        { EnvironmentStatus.Pending, EnvironmentStatus.Queued },
        { EnvironmentStatus.Queued, EnvironmentStatus.AwaitingApproval },
        { EnvironmentStatus.Queued, EnvironmentStatus.Deploying },
        { EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Deploying },
        { EnvironmentStatus.Deploying, EnvironmentStatus.Ready },
        { EnvironmentStatus.Ready, EnvironmentStatus.Updating },
        { EnvironmentStatus.Updating, EnvironmentStatus.Ready },
        { EnvironmentStatus.Ready, EnvironmentStatus.Destroying },
        { EnvironmentStatus.Failed, EnvironmentStatus.Destroying },
        { EnvironmentStatus.Destroying, EnvironmentStatus.Destroyed },
        { EnvironmentStatus.Deploying, EnvironmentStatus.Failed },
        { EnvironmentStatus.Destroying, EnvironmentStatus.Failed },
        { EnvironmentStatus.Deploying, EnvironmentStatus.Cancelled },
        { EnvironmentStatus.Failed, EnvironmentStatus.Deploying },
        { EnvironmentStatus.Cancelled, EnvironmentStatus.Deploying },
        { EnvironmentStatus.Pending, EnvironmentStatus.AwaitingApproval },
        { EnvironmentStatus.Failed, EnvironmentStatus.AwaitingApproval },
        { EnvironmentStatus.Cancelled, EnvironmentStatus.AwaitingApproval },
        { EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Failed },
        { EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Cancelled },
    };

    public static TheoryData<EnvironmentStatus, EnvironmentStatus> ForbiddenEnvironmentChanges => new()
    {
        { EnvironmentStatus.Pending, EnvironmentStatus.Ready },
        { EnvironmentStatus.Pending, EnvironmentStatus.Deploying },
        { EnvironmentStatus.Ready, EnvironmentStatus.Destroyed },
        { EnvironmentStatus.Ready, EnvironmentStatus.Deploying },
        { EnvironmentStatus.Ready, EnvironmentStatus.Cancelled },
        { EnvironmentStatus.Destroyed, EnvironmentStatus.Pending },
        { EnvironmentStatus.Destroyed, EnvironmentStatus.Destroying },
        { EnvironmentStatus.Destroying, EnvironmentStatus.Ready },
        { EnvironmentStatus.Ready, EnvironmentStatus.Ready },
        { EnvironmentStatus.Ready, EnvironmentStatus.AwaitingApproval },
        { EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Ready },
        { EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Destroying },
    };

    [Theory]
    [MemberData(nameof(AllowedEnvironmentChanges))]
    public void CanTransition_LifecycleStep_IsAllowed(EnvironmentStatus current, EnvironmentStatus next)
    {
        Assert.True(EnvironmentStatusMachine.CanTransition(current, next));
        Assert.Contains(next, EnvironmentStatusMachine.AllowedFrom(current));
    }

    [Theory]
    [MemberData(nameof(ForbiddenEnvironmentChanges))]
    public void CanTransition_SkippingOrReversingSteps_IsForbidden(EnvironmentStatus current, EnvironmentStatus next)
    {
        Assert.False(EnvironmentStatusMachine.CanTransition(current, next));
    }

    [Fact]
    public void AllowedFrom_EveryStatus_IsDefinedAndOnlyDestroyedIsFinal()
    {
        var statuses = Enum.GetValues<EnvironmentStatus>();

        var finals = statuses.Where(s => EnvironmentStatusMachine.AllowedFrom(s).IsEmpty);

        Assert.Equal([EnvironmentStatus.Destroyed], finals);
    }

    [Fact]
    public void AllowedFrom_EveryActiveStatus_CanFail()
    {
        var active = new[] { EnvironmentStatus.Pending, EnvironmentStatus.Queued, EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Deploying, EnvironmentStatus.Updating, EnvironmentStatus.Destroying };

        Assert.All(active, s => Assert.True(EnvironmentStatusMachine.CanTransition(s, EnvironmentStatus.Failed)));
    }

    [Theory]
    [InlineData(ResourceStatus.Pending, ResourceStatus.Planning, true)]
    [InlineData(ResourceStatus.Planning, ResourceStatus.Applying, true)]
    [InlineData(ResourceStatus.Planning, ResourceStatus.Succeeded, true)]
    [InlineData(ResourceStatus.Applying, ResourceStatus.Succeeded, true)]
    [InlineData(ResourceStatus.Applying, ResourceStatus.Failed, true)]
    [InlineData(ResourceStatus.Failed, ResourceStatus.Planning, true)]
    [InlineData(ResourceStatus.Pending, ResourceStatus.Skipped, true)]
    [InlineData(ResourceStatus.Skipped, ResourceStatus.Planning, true)]
    [InlineData(ResourceStatus.Succeeded, ResourceStatus.Destroying, true)]
    [InlineData(ResourceStatus.Destroying, ResourceStatus.Destroyed, true)]
    [InlineData(ResourceStatus.Pending, ResourceStatus.Destroyed, true)]
    [InlineData(ResourceStatus.Pending, ResourceStatus.Applying, false)]
    [InlineData(ResourceStatus.Succeeded, ResourceStatus.Destroyed, false)]
    [InlineData(ResourceStatus.Applying, ResourceStatus.Skipped, false)]
    [InlineData(ResourceStatus.Destroyed, ResourceStatus.Planning, false)]
    [InlineData(ResourceStatus.Applying, ResourceStatus.Cancelled, true)]
    [InlineData(ResourceStatus.Planning, ResourceStatus.Cancelled, true)]
    [InlineData(ResourceStatus.Cancelled, ResourceStatus.Planning, true)]
    [InlineData(ResourceStatus.Cancelled, ResourceStatus.Destroying, true)]
    [InlineData(ResourceStatus.Succeeded, ResourceStatus.Cancelled, false)]
    [InlineData(ResourceStatus.Destroying, ResourceStatus.Cancelled, false)]
    public void ResourceCanTransition_Pairs_MatchTheLifecycle(ResourceStatus current, ResourceStatus next, bool allowed)
    {
        Assert.Equal(allowed, ResourceStatusMachine.CanTransition(current, next));
    }
}
