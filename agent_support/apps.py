from django.apps import AppConfig


class AgentSupportConfig(AppConfig):
    name = "agent_support"
