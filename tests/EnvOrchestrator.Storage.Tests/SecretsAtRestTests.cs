using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Secrets;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static EnvOrchestrator.Storage.Tests.TestData;

namespace EnvOrchestrator.Storage.Tests;

/// <summary>
/// A reader of the storage account sees no secret: a planted string in sensitive inputs and outputs is in no table
/// entity and no blob the service uses, whether the document is inline or offloaded, and the store reads it back.
/// </summary>
public sealed class SecretsAtRestTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Theory(Timeout = 120_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SaveAsync_SensitiveValuesPlanted_NoEntityOrBlobHoldsThemAndStoreReadsThemBack(bool offloaded)
    {
        var prefix = AzuriteFixture.UniqueName("s");
        var keys = AzuriteFixture.UniqueName("keys");
        await using var services = await ServicesAsync(prefix, keys);
        var store = services.GetRequiredService<IEnvironmentStore>();
        var planted = "planted-" + Guid.NewGuid().ToString("N");
        var visible = "visible-" + Guid.NewGuid().ToString("N");
        var environment = WithSecrets(Environment("secret-" + (offloaded ? "blob" : "row")), planted, visible, offloaded);

        var created = (await store.CreateAsync(environment, CancellationToken.None)).Value!;
        var saved = (await store.SaveAsync(created with { Outputs = created.Outputs.SetItem("later", Value.Of(planted + "-later").AsSensitive()) }, created.Version!, CancellationToken.None)).Value!;
        var stored = await EverythingStoredAsync(prefix, keys);
        var back = await store.FindAsync(environment.Id, CancellationToken.None);

        Assert.Contains(visible, stored, StringComparison.Ordinal); // the scan sees the document, so an absence means something
        Assert.Equal(offloaded, stored.Contains("BodyBlob=environments/", StringComparison.Ordinal));
        Assert.DoesNotContain(planted, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(planted))[..40], stored, StringComparison.Ordinal);
        Assert.Contains("$protected", stored, StringComparison.Ordinal);
        AssertSame(saved, back!);
        Assert.Equal(Value.Of(planted + "-in").AsSensitive(), back!.Inputs["db-password"]);
    }

    private static EnvironmentRecord WithSecrets(EnvironmentRecord environment, string planted, string visible, bool offloaded)
    {
        var padding = offloaded ? new string('x', DocumentColumns.MaxInlineChars) : "short";
        var resource = environment.Resources[0] with
        {
            Inputs = Map(("password", Value.Of(planted + "-resource-in").AsSensitive()), ("sku", Value.Of(visible))),
            Outputs = Map(("keys", new ListValue([Value.Of(planted + "-resource-out").AsSensitive(), Value.Of(1m)])), ("host", Value.Of("db.local"))),
        };
        return environment with
        {
            Inputs = Map(
                ("db-password", Value.Of(planted + "-in").AsSensitive()),
                ("settings", new MapValue(Map(("token", Value.Of(planted + "-nested")), ("port", Value.Of(5432m)))).AsSensitive()),
                ("padding", Value.Of(padding))),
            Outputs = Map(("connection", Value.Of("Server=db;Password=" + planted + "-out").AsSensitive())),
            Resources = [resource, .. environment.Resources.Skip(1)],
        };
    }

    private async Task<ServiceProvider> ServicesAsync(string prefix, string keysContainer)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new XunitLoggerProvider(output)))
            .AddEnvOrchestratorSecrets(o =>
            {
                o.ConnectionString = azurite.ConnectionString;
                o.ContainerName = keysContainer;
                o.KeyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            })
            .AddEnvironmentStorage(o =>
            {
                o.ConnectionString = azurite.ConnectionString;
                o.TablePrefix = prefix;
            })
            .BuildServiceProvider();
        foreach (var startup in services.GetServices<IHostedService>().OfType<IHostedLifecycleService>())
        {
            await startup.StartingAsync(CancellationToken.None);
        }

        await services.GetRequiredService<EnvironmentStorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return services;
    }

    /// <summary>Every property of every entity in the service's tables and every blob in its containers, as text.</summary>
    private async Task<string> EverythingStoredAsync(string prefix, string keysContainer)
    {
        var text = new StringBuilder();
        var tables = new TableServiceClient(azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "{"}")))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (key, value) in entity)
                {
                    text.Append(table.Name).Append(' ').Append(key).Append('=').AppendLine(Convert.ToString(value, CultureInfo.InvariantCulture));
                }
            }
        }

        var blobs = new BlobServiceClient(azurite.ConnectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        var containers = 0;
        await foreach (var container in blobs.GetBlobContainersAsync(Azure.Storage.Blobs.Models.BlobContainerTraits.None, Azure.Storage.Blobs.Models.BlobContainerStates.None, prefix: null, CancellationToken.None))
        {
            if (!container.Name.StartsWith(prefix, StringComparison.Ordinal) && container.Name != keysContainer)
            {
                continue;
            }

            containers++;
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None))
            {
                text.Append(container.Name).Append('/').Append(blob.Name).Append(' ').AppendLine((await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
            }
        }

        Assert.Equal(3, containers); // logs, payloads, keys
        return text.ToString();
    }
}
