using System.Net;
using Azure.Storage.Blobs;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Testing;
using Xunit.Abstractions;

namespace EnvOrchestrator.StateBackend.Tests.Http;

/// <summary>The endpoints over the Blob store (Azurite), as deployed: registration, lock, write, read, versions, unlock.</summary>
public sealed class BlobBackedProtocolTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task TerraformSequence_BlobStore_StateAndVersionsInContainer()
    {
        var containerName = AzuriteFixture.UniqueName("tfstate");
        await using var host = await BackendHost.StartAsync(output, o =>
        {
            o.Store = TerraformStateStoreKind.Blob;
            o.BlobConnectionString = azurite.ConnectionString;
            o.ContainerName = containerName;
        });
        var address = TerraformStateAddress.Create("env-9", "web");
        var path = BackendHost.PathOf(address);
        var auth = await host.RegisterAsync(address);
        const string LockInfo = """{"ID":"run-1","Operation":"OperationTypeApply","Who":"runner@host"}""";

        using var firstGet = await host.SendAsync("GET", path, auth);
        using var locked = await host.SendAsync("LOCK", path, auth, LockInfo);
        using var contended = await host.SendAsync("LOCK", path, auth, """{"ID":"run-2"}""");
        using var write1 = await host.SendAsync("POST", path + "?ID=run-1", auth, """{"version":4,"serial":1,"outputs":{}}""");
        using var write2 = await host.SendAsync("POST", path + "?ID=run-1", auth, """{"version":4,"serial":2,"outputs":{}}""");
        using var unlocked = await host.SendAsync("UNLOCK", path, auth, LockInfo);
        using var read = await host.SendAsync("GET", path, auth);

        Assert.Equal(HttpStatusCode.NoContent, firstGet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal((HttpStatusCode)423, contended.StatusCode);
        Assert.Equal(HttpStatusCode.OK, write1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, write2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Contains("\"serial\":2", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(containerName);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        Assert.Equal(
            ["env-9/web/lock", "env-9/web/state", "env-9/web/versions/000000000001", "env-9/web/versions/000000000002"],
            names.Order(StringComparer.Ordinal));
    }
}
