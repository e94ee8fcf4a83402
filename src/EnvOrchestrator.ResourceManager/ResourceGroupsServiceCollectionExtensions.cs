using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using EnvOrchestrator.Core.ResourceGroups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnvOrchestrator.ResourceManager;

public static class ResourceGroupsServiceCollectionExtensions
{
    /// <summary>
    /// Per-environment resource groups in <see cref="ResourceGroupsOptions.SubscriptionId"/>, as the service's identity
    /// (<paramref name="credential"/>, <c>DefaultAzureCredential</c> when null). Without a subscription nothing is registered.
    /// </summary>
    public static IServiceCollection AddArmResourceGroups(this IServiceCollection services, ResourceGroupsOptions options, TokenCredential? credential = null, Action<ArmClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.SubscriptionId))
        {
            return services;
        }

        if (!Guid.TryParse(options.SubscriptionId, out _))
        {
            throw new ArgumentException($"ResourceGroups:SubscriptionId must be a subscription id (a GUID), not '{options.SubscriptionId}'.", nameof(options));
        }

        var clientOptions = new ArmClientOptions();
        if (options.Endpoint is { } endpoint)
        {
            clientOptions.Environment = new ArmEnvironment(endpoint, options.Audience ?? ArmEnvironment.AzurePublicCloud.Audience);
        }

        configureClient?.Invoke(clientOptions);
        var subscription = options.SubscriptionId;
        services.Replace(ServiceDescriptor.Singleton<IResourceGroups>(_ =>
            new ArmResourceGroups(new ArmClient(credential ?? new DefaultAzureCredential(), subscription, clientOptions), subscription)));
        return services;
    }
}
