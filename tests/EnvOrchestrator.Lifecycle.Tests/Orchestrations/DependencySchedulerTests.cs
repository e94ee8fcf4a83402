using EnvOrchestrator.Lifecycle.Orchestrations;

namespace EnvOrchestrator.Lifecycle.Tests.Orchestrations;

public sealed class DependencySchedulerTests
{
    private static readonly PlannedResource[] Diamond =
    [
        new("root", []),
        new("left", ["root"]),
        new("right", ["root"]),
        new("join", ["left", "right"]),
        new("after-left", ["left"]),
    ];

    [Fact]
    public void NextReady_DependencyFinished_StartsEachResourceAsSoonAsItsOwnDependenciesSucceed()
    {
        var scheduler = new DependencyScheduler(Diamond);

        var first = scheduler.NextReady();
        scheduler.Finish("root", succeeded: true);
        var second = scheduler.NextReady();
        scheduler.Finish("left", succeeded: true);
        var third = scheduler.NextReady();

        Assert.Equal(["root"], first);
        Assert.Equal(["left", "right"], second);
        Assert.Equal(["after-left"], third);
    }

    [Fact]
    public void NextReady_DependencyFailed_SkipsEverythingDownstreamOnly()
    {
        var scheduler = new DependencyScheduler(Diamond);
        scheduler.NextReady();
        scheduler.Finish("root", succeeded: true);
        scheduler.NextReady();

        scheduler.Finish("left", succeeded: false);
        var ready = scheduler.NextReady();

        Assert.Empty(ready);
        Assert.Equal(["join", "after-left"], scheduler.Skipped);
        Assert.Empty(scheduler.NotStarted);
    }
}
