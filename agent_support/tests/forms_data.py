"""POST bodies of the supplier form, as the browser sends them."""


def supplier_post(processes=(), initial=0, **fields):
    """The supplier fields (overridable) and a ``processes`` formset made of the given row dicts."""
    data = {
        "supplier_type": "air",
        "name": "Skyline Air",
        "agent_websites": "https://agents.skyline.example/\nwww.skyline.example/groups",
        "phone_numbers": "+44 20 7946 0101\n+44 20 7946 0199",
        "group_email": "groups@skyline.example",
        "general_email": "hello@skyline.example",
        "account_manager_name": "Sam Carter",
        "account_manager_phone": "+44 20 7946 0102",
        "account_manager_email": "sam@skyline.example",
        "notes": "Ask for the trade desk.",
        "processes-TOTAL_FORMS": str(len(processes)),
        "processes-INITIAL_FORMS": str(initial),
        "processes-MIN_NUM_FORMS": "0",
        "processes-MAX_NUM_FORMS": "20",
        **fields,
    }
    for index, row in enumerate(processes):
        for key, value in row.items():
            data[f"processes-{index}-{key}"] = value
    return data
