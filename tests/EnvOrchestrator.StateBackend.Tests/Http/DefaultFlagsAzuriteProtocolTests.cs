using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Storage;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.StateBackend.Tests.Http;

/// <summary>
/// The backend as deployed (options → DI → Blob store) against a user's Azurite started with its default flags,
/// and what Terraform and the logs get when the storage client is not pinned to a version that Azurite accepts.
/// </summary>
public sealed class DefaultFlagsAzuriteProtocolTests(DefaultFlagsAzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<DefaultFlagsAzuriteFixture>
{
    private const string LockInfo = """{"ID":"run-1","Operation":"OperationTypeApply","Who":"runner@host"}""";
    private static readonly TerraformStateAddress Address = TerraformStateAddress.Create("env-4", "db");

    [Fact(Timeout = 30_000)]
    public async Task TerraformSequence_AzuriteWithDefaultFlags_LockWriteReadUnlockSucceed()
    {
        await using var host = await BackendHost.StartAsync(output, o =>
        {
            o.Store = TerraformStateStoreKind.Blob;
            o.BlobConnectionString = azurite.ConnectionString;
            o.ContainerName = AzuriteFixture.UniqueName("tfstate");
        });
        var path = BackendHost.PathOf(Address);
        var auth = await host.RegisterAsync(Address);

        using var empty = await host.SendAsync("GET", path, auth);
        using var locked = await host.SendAsync("LOCK", path, auth, LockInfo);
        using var written = await host.SendAsync("POST", path + "?ID=run-1", auth, """{"version":4,"serial":1,"outputs":{}}""");
        using var read = await host.SendAsync("GET", path, auth);
        using var unlocked = await host.SendAsync("UNLOCK", path, auth, LockInfo);

        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Contains("\"serial\":1", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Null(await host.Store.GetLockAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task Lock_StoreClientWithSdkDefaultVersion_Answers500WithConciseDetailAndLog()
    {
        var unpinned = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(AzuriteFixture.UniqueName("tfstate"));
        var logs = new LogCapture();
        await using var host = await BackendHost.StartAsync(output, services: s => s
            .AddSingleton<ITerraformStateStore>(new BlobTerraformStateStore(unpinned, TimeProvider.System, 5))
            .AddSingleton<ILoggerProvider>(logs));
        var auth = BackendHost.Basic(host.Backend.IssueCredentials(Address, TimeSpan.FromHours(1)));

        var registerFailure = await Assert.ThrowsAsync<TerraformStateStorageException>(() => host.Backend.RegisterAsync(Address, CancellationToken.None));
        using var response = await host.SendAsync("LOCK", BackendHost.PathOf(Address), auth, LockInfo);
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine(body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var problem = JsonDocument.Parse(body);
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        AssertConciseApiVersionFailure(detail);
        AssertConciseApiVersionFailure(registerFailure.Message);
        Assert.False(registerFailure.IsTransient);
        Assert.True(body.Length < 1024, body);
        var logged = Assert.Single(logs.Entries, e => e.EventId == 4013);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(detail, logged.Message, StringComparison.Ordinal);
        Assert.All(logs.Entries, e => Assert.DoesNotContain("Headers:", e.Text, StringComparison.Ordinal));
    }

    private static void AssertConciseApiVersionFailure(string message)
    {
        Assert.StartsWith("State storage request failed: 400 InvalidHeaderValue: The API version ", message, StringComparison.Ordinal);
        Assert.Contains("is not supported by Azurite", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain("RequestId", message, StringComparison.Ordinal);
        Assert.DoesNotContain("x-ms-", message, StringComparison.Ordinal);
    }
}
