using System.Collections.Immutable;
using Azure.Core.Pipeline;
using EnvOrchestrator.Core.ResourceGroups;
using EnvOrchestrator.ResourceManager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.ResourceManager.Tests;

/// <summary>The adapter with the real Resource Manager SDK, over HTTPS on loopback, against the stub of the REST API.</summary>
public sealed class ArmResourceGroupsTests : IAsyncLifetime
{
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private ResourceManagerStub _stub = null!;
    private IResourceGroups _groups = null!;

    public async Task InitializeAsync()
    {
        _stub = await ResourceManagerStub.StartAsync();
        var thumbprint = _stub.Certificate.Thumbprint;
        var services = new ServiceCollection()
            .AddSingleton<IResourceGroups, UnconfiguredResourceGroups>()
            .AddArmResourceGroups(
                new ResourceGroupsOptions { SubscriptionId = Subscription, Endpoint = _stub.Endpoint, Audience = "https://management.azure.com/" },
                new StubCredential(),
                o => o.Transport = new HttpClientTransport(new HttpClientHandler
                {
                    // Trust exactly the stub's self-signed certificate.
                    ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
                }));
        _groups = services.BuildServiceProvider().GetRequiredService<IResourceGroups>();
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task EnsureAsync_NewGroup_PutWithLocationAndTagsThenUpdatedInPlace()
    {
        var tags = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            [ResourceGroupTags.Managed] = "true",
            [ResourceGroupTags.Project] = "team-a",
            [ResourceGroupTags.Environment] = "shop",
            [ResourceGroupTags.ExpiresAt] = "2026-12-05T08:00:00Z",
        });

        Assert.True(_groups.IsConfigured);
        await _groups.EnsureAsync(new ResourceGroupSpec("rg-envorch-team-a-shop", "westeurope", tags), CancellationToken.None);
        await _groups.EnsureAsync(new ResourceGroupSpec("rg-envorch-team-a-shop", "westeurope", tags.SetItem(ResourceGroupTags.ExpiresAt, "2026-12-06T08:00:00Z")), CancellationToken.None);

        var group = Assert.Single(_stub.Groups).Value;
        Assert.Equal(("rg-envorch-team-a-shop", "westeurope"), (group["name"]!.GetValue<string>(), group["location"]!.GetValue<string>()));
        Assert.Equal("2026-12-06T08:00:00Z", group["tags"]![ResourceGroupTags.ExpiresAt]!.GetValue<string>());
        Assert.Equal("team-a", group["tags"]![ResourceGroupTags.Project]!.GetValue<string>());
        Assert.All(_stub.Requests, r => Assert.StartsWith($"PUT /subscriptions/{Subscription}/resourcegroups/rg-envorch-team-a-shop?api-version=", r, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, _stub.Requests.Count);
    }

    [Fact]
    public async Task DeleteAsync_ExistingGroup_WaitsForTheAsyncOperationAndReportsTrue()
    {
        _stub.Seed(Subscription, "rg-envorch-team-a-gone", "westeurope", new Dictionary<string, string> { [ResourceGroupTags.Managed] = "true" });

        var deleted = await _groups.DeleteAsync("rg-envorch-team-a-gone", CancellationToken.None);

        Assert.True(deleted);
        Assert.Empty(_stub.Groups);
        var requests = _stub.Requests.ToList();
        Assert.StartsWith("GET ", requests[0], StringComparison.Ordinal);
        Assert.StartsWith("DELETE ", requests[1], StringComparison.Ordinal);

        // The operation answered 202 once, then 200: the delete returned only after it was polled to completion.
        Assert.Equal(2, requests.Count(r => r.Contains("/operationresults/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DeleteAsync_MissingGroup_FalseWithoutADelete()
    {
        var deleted = await _groups.DeleteAsync("rg-envorch-team-a-never", CancellationToken.None);

        Assert.False(deleted);
        Assert.DoesNotContain(_stub.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListManagedAsync_MixedGroups_OnlyThoseTaggedByTheServiceWithTheirTags()
    {
        _stub.Seed(Subscription, "rg-envorch-team-a-one", "westeurope", new Dictionary<string, string> { [ResourceGroupTags.Managed] = "true", [ResourceGroupTags.Environment] = "one" });
        _stub.Seed(Subscription, "rg-platform-shared", "northeurope", new Dictionary<string, string> { ["owner"] = "platform" });
        _stub.Seed(Subscription, "rg-envorch-team-a-two", "northeurope", new Dictionary<string, string> { [ResourceGroupTags.Managed] = "true", [ResourceGroupTags.Environment] = "two" });

        var managed = await _groups.ListManagedAsync(CancellationToken.None);

        Assert.Equal(["rg-envorch-team-a-one", "rg-envorch-team-a-two"], managed.Select(g => g.Name).Order());
        Assert.Equal("two", managed.Single(g => g.Location == "northeurope").Tags[ResourceGroupTags.Environment]);
        Assert.Contains(_stub.Requests, r => r.Contains("%24filter=tagName", StringComparison.Ordinal) || r.Contains("$filter=tagName", StringComparison.Ordinal));
    }

    [Fact]
    public void AddArmResourceGroups_NoSubscription_LeavesTheUnconfiguredPort()
    {
        var services = new ServiceCollection().AddSingleton<IResourceGroups, UnconfiguredResourceGroups>().AddArmResourceGroups(new ResourceGroupsOptions());

        Assert.False(services.BuildServiceProvider().GetRequiredService<IResourceGroups>().IsConfigured);
    }

    [Fact]
    public void AddArmResourceGroups_SubscriptionNotAGuid_RefusedNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddArmResourceGroups(new ResourceGroupsOptions { SubscriptionId = "my-subscription" }));

        Assert.Contains("ResourceGroups:SubscriptionId", error.Message, StringComparison.Ordinal);
    }
}
