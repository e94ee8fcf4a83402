using EnvOrchestrator.Cli.Commands;

namespace EnvOrchestrator.Cli.Tests.Commands;

public sealed class OperationWaiterTests
{
    [Theory]
    [InlineData("Deploy", "Ready", 0)]
    [InlineData("Deploy", "Failed", 1)]
    [InlineData("Deploy", "Cancelled", 1)]
    [InlineData("Update", "Ready", 0)]
    [InlineData("Destroy", "Destroyed", 0)]
    [InlineData("Destroy", "Failed", 1)]
    [InlineData("Destroy", "Ready", 1)]
    [InlineData("Retry", "Ready", 0)]
    [InlineData("Retry", "Destroyed", 0)]
    [InlineData("Retry", "Failed", 1)]
    public void ExitCodeFor_RunKindAndFinalStatus_OkOnlyWhenTheRunReachedItsGoal(string kind, string status, int expected) =>
        Assert.Equal(expected, OperationWaiter.ExitCodeFor(kind, status));
}
