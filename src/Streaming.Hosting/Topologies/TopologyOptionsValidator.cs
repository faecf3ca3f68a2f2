using System.Globalization;
using Microsoft.Extensions.Options;
using Streaming.Hosting.Internal;
using Streaming.Streams;

namespace Streaming.Hosting.Topologies;

/// <summary>
/// Validates each topology's options at start; every message names the setting by its configuration path
/// (<c>Streaming:Topologies:{application.id}:{setting}</c>) and the value that was wrong.
/// </summary>
internal sealed class TopologyOptionsValidator(StreamingConfigurationSection? section = null) : IValidateOptions<TopologyOptions>
{
    public ValidateOptionsResult Validate(string? name, TopologyOptions options)
    {
        if (string.IsNullOrEmpty(name)) return ValidateOptionsResult.Skip; // topologies' options are always named
        string prefix = $"{StreamingConfigurationSection.PathOf(section)}:Topologies:{name}:";
        var failures = new List<string>();
        if (options.StateDirectory is { } dir && dir.Length > 0 && string.IsNullOrWhiteSpace(dir))
            failures.Add($"{prefix}{nameof(options.StateDirectory)} must not be blank: leave it unset for the default");
        try
        {
            ProcessingGuarantees.Parse(options.ProcessingGuarantee ?? "");
        }
        catch (InvalidConfigurationException ex)
        {
            failures.Add($"{prefix}{nameof(options.ProcessingGuarantee)}: {ex.Message}");
        }
        if (options.NumStreamThreads is < 1 or > 256)
            failures.Add($"{prefix}{nameof(options.NumStreamThreads)} must be between 1 and 256 (was {options.NumStreamThreads})");
        if (options.CommitInterval is { } commit && commit <= TimeSpan.Zero)
            failures.Add($"{prefix}{nameof(options.CommitInterval)} must be positive (was {Format(commit)})");
        if (options.StateStoreCacheMaxBytes < 0)
            failures.Add($"{prefix}{nameof(options.StateStoreCacheMaxBytes)} must not be negative (was {options.StateStoreCacheMaxBytes})");
        if (options.ReplicationFactor < 1)
            failures.Add($"{prefix}{nameof(options.ReplicationFactor)} must be at least 1 (was {options.ReplicationFactor})");
        if (options.PollTimeout < TimeSpan.Zero)
            failures.Add($"{prefix}{nameof(options.PollTimeout)} must not be negative (was {Format(options.PollTimeout)})");
        if (options.TransactionTimeout < TimeSpan.FromSeconds(1))
            failures.Add($"{prefix}{nameof(options.TransactionTimeout)} must be at least 1 s (was {Format(options.TransactionTimeout)})");
        if (!Enum.IsDefined(options.AutoOffsetReset))
            failures.Add($"{prefix}{nameof(options.AutoOffsetReset)} '{options.AutoOffsetReset}' is unknown: use Earliest, Latest or Error");
        if (!Enum.IsDefined(options.DefaultDslStore))
            failures.Add($"{prefix}{nameof(options.DefaultDslStore)} '{options.DefaultDslStore}' is unknown: use RocksDb or InMemory");
        if (StreamsConfigFactory.DeserializationHandler(options.DeserializationExceptionHandler) is null)
        {
            failures.Add($"{prefix}{nameof(options.DeserializationExceptionHandler)} '{options.DeserializationExceptionHandler}' is unknown: use " +
                $"'{TopologyOptions.LogAndFail}' or '{TopologyOptions.LogAndContinue}' (or register a keyed IDeserializationExceptionHandler under '{name}')");
        }
        if (StreamsConfigFactory.ProductionHandler(options.ProductionExceptionHandler) is null)
        {
            failures.Add($"{prefix}{nameof(options.ProductionExceptionHandler)} '{options.ProductionExceptionHandler}' is unknown: use " +
                $"'{TopologyOptions.Fail}' or '{TopologyOptions.Continue}' (or register a keyed IProductionExceptionHandler under '{name}')");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
