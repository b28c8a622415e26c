namespace CommPlan.Host;

/// <summary>Marker for the texts of deadline reminders, in Resources/TextReminders.resx (English), TextReminders.sv.resx and TextReminders.nb.resx.</summary>
public sealed class TextReminders;
