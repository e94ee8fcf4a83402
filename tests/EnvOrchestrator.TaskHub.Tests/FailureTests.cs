using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>Failures reach whoever asks with their type, message and cause: the parent orchestration and the client.</summary>
public sealed class FailureTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task CallActivity_ActivityThrows_ParentCatchesTaskFailedExceptionWithDetails()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("fail"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("CatchActivity");
        var done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var caught = done.ReadOutputAs<Caught>()!;
        Assert.Equal(typeof(StepRefusedException).FullName, caught.ErrorType);
        Assert.Equal("quota exceeded", caught.ErrorMessage);
        Assert.True(caught.IsCausedByStepRefused);
        Assert.True(caught.HasStackTrace);
        Assert.Equal("Refuse", caught.TaskName);
        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task CallSubOrchestrator_ChildThrows_ParentCatchesTaskFailedExceptionWithDetails()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("fail"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("CatchChild");
        var done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var caught = done.ReadOutputAs<Caught>()!;
        Assert.Equal(typeof(StepRefusedException).FullName, caught.ErrorType);
        Assert.Equal("child refused", caught.ErrorMessage);
        Assert.True(caught.IsCausedByStepRefused);
        Assert.Equal("ThrowingChild", caught.TaskName);
        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task GetInstance_UncaughtActivityException_FailureDetailsCarryActivityExceptionAsInnerFailure()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("fail"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("LetActivityFail");
        var done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        var read = await client.GetInstanceAsync(id, getInputsAndOutputs: false);

        // As under the SDK's other backends: the orchestration failed of the TaskFailedException it did not catch,
        // whose inner failure is the activity's own exception.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        foreach (var failure in new[] { done.FailureDetails, read!.FailureDetails })
        {
            Assert.NotNull(failure);
            Assert.Equal(typeof(TaskFailedException).FullName, failure.ErrorType);
            Assert.Contains("quota exceeded", failure.ErrorMessage, StringComparison.Ordinal);
            Assert.NotNull(failure.StackTrace);
            Assert.NotNull(failure.InnerFailure);
            Assert.Equal(typeof(StepRefusedException).FullName, failure.InnerFailure.ErrorType);
            Assert.Equal("quota exceeded", failure.InnerFailure.ErrorMessage);
            Assert.True(failure.InnerFailure.IsCausedBy<StepRefusedException>());
        }

        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task GetInstance_OrchestratorThrows_FailureDetailsHaveTypeMessageAndStackTrace()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("fail"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("ThrowingChild");
        var done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        var listed = await SingleAsync(client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = id }));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Equal(typeof(StepRefusedException).FullName, done.FailureDetails.ErrorType);
        Assert.Equal("child refused", done.FailureDetails.ErrorMessage);
        Assert.True(done.FailureDetails.IsCausedBy<StepRefusedException>());
        Assert.Contains("TaskOrchestrationShim", done.FailureDetails.StackTrace, StringComparison.Ordinal);

        // A query reads instance rows only: type and message, no stack trace.
        Assert.NotNull(listed.FailureDetails);
        Assert.Equal(typeof(StepRefusedException).FullName, listed.FailureDetails.ErrorType);
        Assert.Equal("child refused", listed.FailureDetails.ErrorMessage);
        Assert.Null(listed.FailureDetails.StackTrace);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("System.InvalidOperationException: boom: twice", "System.InvalidOperationException", "boom: twice")]
    [InlineData("Outer+Nested`1: message", "Outer+Nested`1", "message")]
    [InlineData("no type here: but a colon", "Unknown", "no type here: but a colon")]
    [InlineData("plain text", "Unknown", "plain text")]
    public void FromText_ProviderOutput_SplitsTypeAndMessage(string text, string errorType, string message)
    {
        var failure = FailureReader.FromText(text);

        Assert.Equal(errorType, failure.ErrorType);
        Assert.Equal(message, failure.ErrorMessage);
    }

    [Fact]
    public void FromHistory_ProviderHistoryJson_ReadsLastExecutionCompletedFailureWithInnerFailure()
    {
        const string History = """
            [{"EventType":0,"Name":"X","EventId":-1},
             {"EventType":1,"OrchestrationStatus":3,"Result":"m","FailureDetails":{"ErrorType":"Outer","ErrorMessage":"outer message","StackTrace":"at A","InnerFailure":{"ErrorType":"System.InvalidOperationException","ErrorMessage":"inner message","StackTrace":null,"InnerFailure":null,"IsNonRetriable":false,"Properties":null},"IsNonRetriable":false,"Properties":{"Code":42,"Where":"here"}},"EventId":1}]
            """;

        var failure = FailureReader.FromHistory(History);
        var completed = FailureReader.FromHistory("""[{"EventType":1,"OrchestrationStatus":1,"Result":"ok","FailureDetails":null}]""");
        var garbage = FailureReader.FromHistory("not json");

        Assert.NotNull(failure);
        Assert.Equal("Outer", failure.ErrorType);
        Assert.Equal("outer message", failure.ErrorMessage);
        Assert.Equal("at A", failure.StackTrace);
        Assert.Equal(42L, failure.Properties!["Code"]);
        Assert.Equal("here", failure.Properties["Where"]);
        Assert.NotNull(failure.InnerFailure);
        Assert.True(failure.InnerFailure.IsCausedBy<InvalidOperationException>());
        Assert.Null(completed);
        Assert.Null(garbage);
    }

    private static async Task<OrchestrationMetadata> SingleAsync(AsyncPageable<OrchestrationMetadata> pages)
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var metadata in pages)
        {
            all.Add(metadata);
        }

        return Assert.Single(all);
    }

    private static void Tasks(DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("Refuse", (_, _) => Task.FromException<string>(new StepRefusedException("quota exceeded")))
        .AddOrchestratorFunc<string?, string>("LetActivityFail", (context, _) => context.CallActivityAsync<string>("Refuse"))
        .AddOrchestratorFunc<string?, string>("ThrowingChild", (_, _) => Task.FromException<string>(new StepRefusedException("child refused")))
        .AddOrchestratorFunc<string?, Caught>("CatchActivity", async (context, _) =>
        {
            try
            {
                await context.CallActivityAsync<string>("Refuse");
                return new Caught("(none)", "(none)", false, false, string.Empty);
            }
            catch (TaskFailedException e)
            {
                return Caught.From(e);
            }
        })
        .AddOrchestratorFunc<string?, Caught>("CatchChild", async (context, _) =>
        {
            try
            {
                await context.CallSubOrchestratorAsync<string>("ThrowingChild");
                return new Caught("(none)", "(none)", false, false, string.Empty);
            }
            catch (TaskFailedException e)
            {
                return Caught.From(e);
            }
        });

    internal sealed record Caught(string ErrorType, string ErrorMessage, bool IsCausedByStepRefused, bool HasStackTrace, string TaskName)
    {
        /// <summary>Reads the exception in the orchestration: a null FailureDetails would throw right here.</summary>
        public static Caught From(TaskFailedException e) => new(
            e.FailureDetails.ErrorType,
            e.FailureDetails.ErrorMessage,
            e.FailureDetails.IsCausedBy<StepRefusedException>(),
            e.FailureDetails.StackTrace is not null,
            e.TaskName);
    }
}

/// <summary>An exception of the product's own kind (not in the runtime's assemblies).</summary>
public sealed class StepRefusedException : Exception
{
    public StepRefusedException()
    {
    }

    public StepRefusedException(string message)
        : base(message)
    {
    }

    public StepRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
