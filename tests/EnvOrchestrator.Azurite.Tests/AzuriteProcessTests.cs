using Azure.Data.Tables;
using EnvOrchestrator.Testing;

namespace EnvOrchestrator.Azurite.Tests;

public sealed class AzuriteProcessTests
{
    [Fact(Timeout = 300_000)]
    public async Task StartAsync_FreePorts_ServesTablesAndStopsOnDispose()
    {
        var options = new AzuriteOptions { ToolRoot = RepositoryPaths.Root };

        var azurite = await AzuriteProcess.StartAsync(options, logger: null, CancellationToken.None);
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync("launcher");
        var names = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            names.Add(table.Name);
        }

        var port = azurite.Endpoints.TablePort;
        await azurite.DisposeAsync();

        Assert.True(azurite.Owned);
        Assert.Contains("launcher", names);
        Assert.False(await AzuriteProcess.AllListeningAsync(port, port, port, CancellationToken.None));
    }

    [Fact(Timeout = 300_000)]
    public async Task StartAsync_FixedPortsAlreadyServed_ReusesRunningInstance()
    {
        await using var first = await AzuriteProcess.StartAsync(new AzuriteOptions { ToolRoot = RepositoryPaths.Root }, null, CancellationToken.None);
        var ports = first.Endpoints;

        await using var second = await AzuriteProcess.StartAsync(
            new AzuriteOptions { ToolRoot = RepositoryPaths.Root, BlobPort = ports.BlobPort, QueuePort = ports.QueuePort, TablePort = ports.TablePort },
            null,
            CancellationToken.None);

        Assert.False(second.Owned);
        Assert.Equal(ports, second.Endpoints);
    }

    // Azurite answers in seconds; the longer timeout covers a fresh clone's first start, which runs npm ci.
    [Theory(Timeout = 300_000)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task StartAsync_SkipApiVersionCheck_DecidesWhetherUnknownServiceVersionIsRejected(bool skipApiVersionCheck, bool rejected)
    {
        await using var azurite = await AzuriteProcess.StartAsync(
            new AzuriteOptions { ToolRoot = RepositoryPaths.Root, SkipApiVersionCheck = skipApiVersionCheck }, null, CancellationToken.None);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{azurite.Endpoints.BlobPort}/{AzuriteEndpoints.AccountName}?comp=list");
        request.Headers.Add("x-ms-version", "2099-01-01");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(rejected, response.StatusCode == System.Net.HttpStatusCode.BadRequest && body.Contains("InvalidHeaderValue", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", true)]
    [InlineData("usedevelopmentstorage = TRUE", true)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=abc", false)]
    [InlineData(null, false)]
    public void IsDevelopmentStorage_ConnectionString_DetectsEmulatorShorthand(string? connectionString, bool expected)
    {
        Assert.Equal(expected, AzuriteEndpoints.IsDevelopmentStorage(connectionString));
    }

    [Fact]
    public void FindToolRoot_FromNestedFolder_FindsPackageJsonPinningAzurite()
    {
        var nested = Path.Combine(RepositoryPaths.Root, "src", "EnvOrchestrator.Azurite");

        var root = AzuriteInstaller.FindToolRoot(nested);

        Assert.Equal(RepositoryPaths.Root, root);
    }
}
