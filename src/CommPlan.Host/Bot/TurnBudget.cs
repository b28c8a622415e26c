namespace CommPlan.Host.Bot;

/// <summary>
/// The time a turn may spend on Bot Connector calls (Bot:TurnConnectorBudget). Teams gives a bot about 15 seconds to
/// answer; extra data read inside a turn (the sender's member record) gets this much and is otherwise done without.
/// </summary>
public sealed class TurnBudget
{
    public const string Setting = "TurnConnectorBudget";

    public TimeSpan TurnConnectorBudget { get; set; } = TimeSpan.FromSeconds(3);
}
