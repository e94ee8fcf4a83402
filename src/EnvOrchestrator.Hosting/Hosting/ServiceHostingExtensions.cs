namespace EnvOrchestrator.Hosting.Hosting;

/// <summary>The self-hosted service's own composition: configuration sources, listening URL, emulator.</summary>
internal static class ServiceHostingExtensions
{
    public static WebApplicationBuilder AddServiceHosting(this WebApplicationBuilder builder)
    {
        // Lowest priority: with no settings at all the service runs against the emulator, like a fresh Functions project.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData =
            [
                new(StorageEmulatorService.ConnectionKey, "UseDevelopmentStorage=true"),

                // The Durable Task provider logs every empty poll at Information; its warnings and errors are what matter.
                new("Logging:LogLevel:DurableTask", "Warning"),

                // A start-up failure is reported once, by Program (the message alone when the operator must fix it).
                new("Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host", "Critical"),
            ],
        });
        builder.Configuration.AddFunctionsLocalSettings(LocalSettingsConfiguration.Find(builder.Environment.ContentRootPath));

        // Environment variables win over local.settings.json, as under the Functions host.
        builder.Configuration.AddEnvironmentVariables();
        if (HostPort.ResolveUrl(builder.Configuration) is { } url)
        {
            builder.WebHost.UseUrls(url);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<StorageEmulatorOptions>().BindConfiguration(StorageEmulatorOptions.SectionName);
        builder.Services.AddHostedService<StorageEmulatorService>();
        return builder;
    }
}
