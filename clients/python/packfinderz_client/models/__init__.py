"""Contains all the data models used in inputs/outputs"""

from .add_card_api_v1_vendor_payment_methods_cc_post_response_add_card_api_v1_vendor_payment_methods_cc_post import (
    AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost,
)
from .add_card_request import AddCardRequest
from .add_to_wishlist_api_v1_wishlist_items_post_response_add_to_wishlist_api_v1_wishlist_items_post import (
    AddToWishlistApiV1WishlistItemsPostResponseAddToWishlistApiV1WishlistItemsPost,
)
from .address_in import AddressIn
from .admin_login_api_admin_v1_auth_login_post_response_admin_login_api_admin_v1_auth_login_post import (
    AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost,
)
from .admin_ping_api_admin_ping_get_response_admin_ping_api_admin_ping_get import (
    AdminPingApiAdminPingGetResponseAdminPingApiAdminPingGet,
)
from .admin_queue_api_admin_v1_licenses_get_response_admin_queue_api_admin_v1_licenses_get import (
    AdminQueueApiAdminV1LicensesGetResponseAdminQueueApiAdminV1LicensesGet,
)
from .admin_queue_api_admin_v1_licenses_get_status import AdminQueueApiAdminV1LicensesGetStatus
from .admin_register_api_admin_v1_auth_register_post_response_admin_register_api_admin_v1_auth_register_post import (
    AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost,
)
from .admin_register_in import AdminRegisterIn
from .admin_session_out import AdminSessionOut
from .admin_v1_ping_api_admin_v1_ping_get_response_admin_v1_ping_api_admin_v1_ping_get import (
    AdminV1PingApiAdminV1PingGetResponseAdminV1PingApiAdminV1PingGet,
)
from .agent_in import AgentIn
from .agent_order_list import AgentOrderList
from .agent_order_summary import AgentOrderSummary
from .agent_ping_api_v1_agent_ping_get_response_agent_ping_api_v1_agent_ping_get import (
    AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet,
)
from .applied_volume_discount import AppliedVolumeDiscount
from .assign_agent_api_admin_v1_orders_order_id_assign_agent_post_response_assign_agent_api_admin_v1_orders_order_id_assign_agent_post import (
    AssignAgentApiAdminV1OrdersOrderIdAssignAgentPostResponseAssignAgentApiAdminV1OrdersOrderIdAssignAgentPost,
)
from .assign_agent_in import AssignAgentIn
from .billing_customer_dto import BillingCustomerDTO
from .billing_plan_dto import BillingPlanDTO
from .billing_plan_dto_ui import BillingPlanDTOUi
from .browse_products_api_v1_products_get_category_type_0 import BrowseProductsApiV1ProductsGetCategoryType0
from .browse_products_api_v1_products_get_classification_type_0 import (
    BrowseProductsApiV1ProductsGetClassificationType0,
)
from .browse_products_api_v1_products_get_response_browse_products_api_v1_products_get import (
    BrowseProductsApiV1ProductsGetResponseBrowseProductsApiV1ProductsGet,
)
from .browse_products_api_v1_products_get_sort_type_0 import BrowseProductsApiV1ProductsGetSortType0
from .cancel_in import CancelIn
from .cancel_order_api_v1_orders_order_id_cancel_post_response_cancel_order_api_v1_orders_order_id_cancel_post import (
    CancelOrderApiV1OrdersOrderIdCancelPostResponseCancelOrderApiV1OrdersOrderIdCancelPost,
)
from .cancel_subscription_api_v1_vendor_subscriptions_cancel_post_response_cancel_subscription_api_v1_vendor_subscriptions_cancel_post import (
    CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost,
)
from .canceled_out import CanceledOut
from .cart_item_view import CartItemView
from .cart_quote import CartQuote
from .cart_quote_billing_address_type_0 import CartQuoteBillingAddressType0
from .cart_quote_shipping_address_type_0 import CartQuoteShippingAddressType0
from .cash_collected_out import CashCollectedOut
from .cash_in import CashIn
from .charge_dto import ChargeDTO
from .charge_page import ChargePage
from .checkout_cart_api_v1_checkout_post_response_200_checkout_cart_api_v1_checkout_post import (
    CheckoutCartApiV1CheckoutPostResponse200CheckoutCartApiV1CheckoutPost,
)
from .checkout_cart_api_v1_checkout_post_response_checkout_cart_api_v1_checkout_post import (
    CheckoutCartApiV1CheckoutPostResponseCheckoutCartApiV1CheckoutPost,
)
from .checkout_in import CheckoutIn
from .checkout_in_payment_method import CheckoutInPaymentMethod
from .checkout_result_view import CheckoutResultView
from .checkout_result_view_billing_address_type_0 import CheckoutResultViewBillingAddressType0
from .checkout_result_view_shipping_address_type_0 import CheckoutResultViewShippingAddressType0
from .checkout_result_view_shipping_line_type_0 import CheckoutResultViewShippingLineType0
from .checkout_vendor_order import CheckoutVendorOrder
from .claim_order_api_v1_agent_orders_order_id_claim_post_response_claim_order_api_v1_agent_orders_order_id_claim_post import (
    ClaimOrderApiV1AgentOrdersOrderIdClaimPostResponseClaimOrderApiV1AgentOrdersOrderIdClaimPost,
)
from .collect_cash_api_v1_agent_orders_order_id_cash_collected_post_response_collect_cash_api_v1_agent_orders_order_id_cash_collected_post import (
    CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost,
)
from .confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post_response_confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post import (
    ConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPostResponseConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPost,
)
from .confirmation_vendor_order import ConfirmationVendorOrder
from .confirmation_vendor_order_promo_type_0 import ConfirmationVendorOrderPromoType0
from .confirmation_view import ConfirmationView
from .create_agent_api_admin_v1_agents_post_response_create_agent_api_admin_v1_agents_post import (
    CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost,
)
from .create_license_api_v1_licenses_post_response_create_license_api_v1_licenses_post import (
    CreateLicenseApiV1LicensesPostResponseCreateLicenseApiV1LicensesPost,
)
from .create_plan_api_admin_v1_billing_plans_post_response_create_plan_api_admin_v1_billing_plans_post import (
    CreatePlanApiAdminV1BillingPlansPostResponseCreatePlanApiAdminV1BillingPlansPost,
)
from .create_product_api_v1_vendor_products_post_response_create_product_api_v1_vendor_products_post import (
    CreateProductApiV1VendorProductsPostResponseCreateProductApiV1VendorProductsPost,
)
from .create_review_api_v1_reviews_post_response_create_review_api_v1_reviews_post import (
    CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost,
)
from .create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post_response_create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post import (
    CreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPostResponseCreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPost,
)
from .create_subscription_api_v1_vendor_subscriptions_post_response_200_create_subscription_api_v1_vendor_subscriptions_post import (
    CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost,
)
from .create_subscription_api_v1_vendor_subscriptions_post_response_create_subscription_api_v1_vendor_subscriptions_post import (
    CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost,
)
from .customer_request import CustomerRequest
from .data_envelope_resolved_address_out import DataEnvelopeResolvedAddressOut
from .data_envelope_suggestions_out import DataEnvelopeSuggestionsOut
from .decide_api_admin_v1_licenses_license_id_verify_post_response_decide_api_admin_v1_licenses_license_id_verify_post import (
    DecideApiAdminV1LicensesLicenseIdVerifyPostResponseDecideApiAdminV1LicensesLicenseIdVerifyPost,
)
from .decide_line_api_v1_vendor_orders_order_id_line_items_decision_post_response_decide_line_api_v1_vendor_orders_order_id_line_items_decision_post import (
    DecideLineApiV1VendorOrdersOrderIdLineItemsDecisionPostResponseDecideLineApiV1VendorOrdersOrderIdLineItemsDecisionPost,
)
from .decide_order_api_v1_vendor_orders_order_id_decision_post_response_decide_order_api_v1_vendor_orders_order_id_decision_post import (
    DecideOrderApiV1VendorOrdersOrderIdDecisionPostResponseDecideOrderApiV1VendorOrdersOrderIdDecisionPost,
)
from .decision_in import DecisionIn
from .decision_in_decision import DecisionInDecision
from .delete_plan_api_admin_v1_billing_plans_plan_id_delete_response_delete_plan_api_admin_v1_billing_plans_plan_id_delete import (
    DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete,
)
from .delete_review_api_v1_reviews_review_id_delete_response_delete_review_api_v1_reviews_review_id_delete import (
    DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete,
)
from .deliver_order_api_v1_agent_orders_order_id_deliver_post_response_deliver_order_api_v1_agent_orders_order_id_deliver_post import (
    DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost,
)
from .delivered_out import DeliveredOut
from .drift_out import DriftOut
from .drift_out_by_reason import DriftOutByReason
from .drifting_order_out import DriftingOrderOut
from .ensure_billing_customer_api_admin_v1_billing_customers_post_response_ensure_billing_customer_api_admin_v1_billing_customers_post import (
    EnsureBillingCustomerApiAdminV1BillingCustomersPostResponseEnsureBillingCustomerApiAdminV1BillingCustomersPost,
)
from .error_response import ErrorResponse
from .error_response_error import ErrorResponseError
from .error_response_error_code import ErrorResponseErrorCode
from .error_response_error_details import ErrorResponseErrorDetails
from .facet_value_dto import FacetValueDTO
from .facets_dto import FacetsDTO
from .finance_payment_intent_view import FinancePaymentIntentView
from .finance_payment_intent_view_method import FinancePaymentIntentViewMethod
from .finance_payment_intent_view_status import FinancePaymentIntentViewStatus
from .get_cart_api_v1_cart_get_response_get_cart_api_v1_cart_get import (
    GetCartApiV1CartGetResponseGetCartApiV1CartGet,
)
from .get_checkout_confirmation_api_v1_checkout_identifier_confirmation_get_response_get_checkout_confirmation_api_v1_checkout_identifier_confirmation_get import (
    GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet,
)
from .get_my_store_api_v1_stores_me_get_response_get_my_store_api_v1_stores_me_get import (
    GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet,
)
from .get_order_api_v1_agent_orders_order_id_get_response_get_order_api_v1_agent_orders_order_id_get import (
    GetOrderApiV1AgentOrdersOrderIdGetResponseGetOrderApiV1AgentOrdersOrderIdGet,
)
from .get_order_api_v1_orders_order_id_get_response_get_order_api_v1_orders_order_id_get import (
    GetOrderApiV1OrdersOrderIdGetResponseGetOrderApiV1OrdersOrderIdGet,
)
from .get_payout_api_admin_v1_orders_payouts_order_id_get_response_get_payout_api_admin_v1_orders_payouts_order_id_get import (
    GetPayoutApiAdminV1OrdersPayoutsOrderIdGetResponseGetPayoutApiAdminV1OrdersPayoutsOrderIdGet,
)
from .get_product_api_v1_products_product_id_get_response_get_product_api_v1_products_product_id_get import (
    GetProductApiV1ProductsProductIdGetResponseGetProductApiV1ProductsProductIdGet,
)
from .get_reconciliation_api_admin_v1_billing_reconciliation_get_response_get_reconciliation_api_admin_v1_billing_reconciliation_get import (
    GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet,
)
from .get_store_api_v1_stores_store_id_get_response_get_store_api_v1_stores_store_id_get import (
    GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet,
)
from .get_subscription_api_v1_vendor_subscriptions_get_response_get_subscription_api_v1_vendor_subscriptions_get import (
    GetSubscriptionApiV1VendorSubscriptionsGetResponseGetSubscriptionApiV1VendorSubscriptionsGet,
)
from .get_vendor_plan_api_v1_vendor_billing_plans_plan_id_get_response_get_vendor_plan_api_v1_vendor_billing_plans_plan_id_get import (
    GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet,
)
from .history_totals_view import HistoryTotalsView
from .inventory_dto import InventoryDTO
from .inventory_in import InventoryIn
from .inventory_patch_in import InventoryPatchIn
from .inventory_row_dto import InventoryRowDTO
from .inventory_set_in import InventorySetIn
from .invite_in import InviteIn
from .invite_in_role import InviteInRole
from .invite_member_api_v1_stores_me_users_invite_post_response_invite_member_api_v1_stores_me_users_invite_post import (
    InviteMemberApiV1StoresMeUsersInvitePostResponseInviteMemberApiV1StoresMeUsersInvitePost,
)
from .invite_out import InviteOut
from .jwk_out import JwkOut
from .jwks_out import JwksOut
from .kyc_in import KycIn
from .kyc_in_action import KycInAction
from .kyc_out import KycOut
from .license_dto import LicenseDTO
from .license_in import LicenseIn
from .license_in_type import LicenseInType
from .license_page import LicensePage
from .license_ref import LicenseRef
from .line_decision_in import LineDecisionIn
from .line_decision_in_decision import LineDecisionInDecision
from .line_decision_out import LineDecisionOut
from .line_item_view import LineItemView
from .line_out import LineOut
from .list_admin_notifications_api_admin_v1_notifications_get_response_list_admin_notifications_api_admin_v1_notifications_get import (
    ListAdminNotificationsApiAdminV1NotificationsGetResponseListAdminNotificationsApiAdminV1NotificationsGet,
)
from .list_admin_plans_api_admin_v1_billing_plans_get_response_list_admin_plans_api_admin_v1_billing_plans_get import (
    ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet,
)
from .list_admin_plans_api_admin_v1_billing_plans_get_status_type_0 import (
    ListAdminPlansApiAdminV1BillingPlansGetStatusType0,
)
from .list_charges_api_v1_vendor_billing_charges_get_response_list_charges_api_v1_vendor_billing_charges_get import (
    ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet,
)
from .list_charges_api_v1_vendor_billing_charges_get_status_type_0 import (
    ListChargesApiV1VendorBillingChargesGetStatusType0,
)
from .list_charges_api_v1_vendor_billing_charges_get_type_type_0 import (
    ListChargesApiV1VendorBillingChargesGetTypeType0,
)
from .list_inventory_api_v1_inventory_get_response_list_inventory_api_v1_inventory_get import (
    ListInventoryApiV1InventoryGetResponseListInventoryApiV1InventoryGet,
)
from .list_licenses_api_v1_licenses_get_response_list_licenses_api_v1_licenses_get import (
    ListLicensesApiV1LicensesGetResponseListLicensesApiV1LicensesGet,
)
from .list_media_api_v1_media_get_response_list_media_api_v1_media_get import (
    ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet,
)
from .list_members_api_v1_stores_me_users_get_response_list_members_api_v1_stores_me_users_get import (
    ListMembersApiV1StoresMeUsersGetResponseListMembersApiV1StoresMeUsersGet,
)
from .list_my_orders_api_v1_agent_orders_get_response_list_my_orders_api_v1_agent_orders_get import (
    ListMyOrdersApiV1AgentOrdersGetResponseListMyOrdersApiV1AgentOrdersGet,
)
from .list_notifications_api_v1_notifications_get_response_list_notifications_api_v1_notifications_get import (
    ListNotificationsApiV1NotificationsGetResponseListNotificationsApiV1NotificationsGet,
)
from .list_orders_api_v1_orders_get_perspective_type_0 import ListOrdersApiV1OrdersGetPerspectiveType0
from .list_orders_api_v1_orders_get_response_list_orders_api_v1_orders_get import (
    ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet,
)
from .list_orders_with_vendor_api_v1_stores_store_id_orders_get_response_list_orders_with_vendor_api_v1_stores_store_id_orders_get import (
    ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet,
)
from .list_payment_methods_api_v1_vendor_payment_methods_get_response_list_payment_methods_api_v1_vendor_payment_methods_get import (
    ListPaymentMethodsApiV1VendorPaymentMethodsGetResponseListPaymentMethodsApiV1VendorPaymentMethodsGet,
)
from .list_payouts_api_admin_v1_orders_payouts_get_response_list_payouts_api_admin_v1_orders_payouts_get import (
    ListPayoutsApiAdminV1OrdersPayoutsGetResponseListPayoutsApiAdminV1OrdersPayoutsGet,
)
from .list_queue_api_v1_agent_orders_queue_get_response_list_queue_api_v1_agent_orders_queue_get import (
    ListQueueApiV1AgentOrdersQueueGetResponseListQueueApiV1AgentOrdersQueueGet,
)
from .list_store_reviews_api_v1_stores_store_id_reviews_get_response_list_store_reviews_api_v1_stores_store_id_reviews_get import (
    ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet,
)
from .list_vendor_plans_api_v1_vendor_billing_plans_get_response_list_vendor_plans_api_v1_vendor_billing_plans_get import (
    ListVendorPlansApiV1VendorBillingPlansGetResponseListVendorPlansApiV1VendorBillingPlansGet,
)
from .list_wishlist_api_v1_wishlist_get_response_list_wishlist_api_v1_wishlist_get import (
    ListWishlistApiV1WishlistGetResponseListWishlistApiV1WishlistGet,
)
from .login_api_v1_auth_login_post_response_login_api_v1_auth_login_post import (
    LoginApiV1AuthLoginPostResponseLoginApiV1AuthLoginPost,
)
from .login_in import LoginIn
from .logistics_assignment_view import LogisticsAssignmentView
from .logistics_order_detail_order import LogisticsOrderDetailOrder
from .logistics_order_detail_order_shipping_address_type_0 import (
    LogisticsOrderDetailOrderShippingAddressType0,
)
from .logistics_order_detail_view import LogisticsOrderDetailView
from .logistics_payment_intent_view import LogisticsPaymentIntentView
from .logout_api_v1_auth_logout_post_response_logout_api_v1_auth_logout_post import (
    LogoutApiV1AuthLogoutPostResponseLogoutApiV1AuthLogoutPost,
)
from .logout_out import LogoutOut
from .mark_all_read_api_v1_notifications_read_all_post_response_mark_all_read_api_v1_notifications_read_all_post import (
    MarkAllReadApiV1NotificationsReadAllPostResponseMarkAllReadApiV1NotificationsReadAllPost,
)
from .mark_read_api_v1_notifications_notification_id_read_post_response_mark_read_api_v1_notifications_notification_id_read_post import (
    MarkReadApiV1NotificationsNotificationIdReadPostResponseMarkReadApiV1NotificationsNotificationIdReadPost,
)
from .media_dto import MediaDTO
from .media_dto_derivatives import MediaDTODerivatives
from .media_kind import MediaKind
from .media_page import MediaPage
from .media_status import MediaStatus
from .membership_user_dto import MembershipUserDTO
from .money_out import MoneyOut
from .notification_dto import NotificationDTO
from .notification_dto_audience import NotificationDTOAudience
from .notification_page import NotificationPage
from .nudge_order_api_v1_orders_order_id_nudge_post_response_nudge_order_api_v1_orders_order_id_nudge_post import (
    NudgeOrderApiV1OrdersOrderIdNudgePostResponseNudgeOrderApiV1OrdersOrderIdNudgePost,
)
from .nudged_out import NudgedOut
from .order_decision_in import OrderDecisionIn
from .order_decision_in_decision import OrderDecisionInDecision
from .order_line_view import OrderLineView
from .order_list_view import OrderListView
from .order_status_out import OrderStatusOut
from .order_store_summary import OrderStoreSummary
from .order_store_summary_address_type_0 import OrderStoreSummaryAddressType0
from .order_summary import OrderSummary
from .orders_assignment_view import OrdersAssignmentView
from .orders_order_detail_order import OrdersOrderDetailOrder
from .orders_order_detail_order_shipping_address_type_0 import OrdersOrderDetailOrderShippingAddressType0
from .orders_order_detail_view import OrdersOrderDetailView
from .orders_payment_intent_view import OrdersPaymentIntentView
from .owner_detail import OwnerDetail
from .pagination_dto import PaginationDTO
from .pause_subscription_api_v1_vendor_subscriptions_pause_post_response_pause_subscription_api_v1_vendor_subscriptions_pause_post import (
    PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost,
)
from .payment_method_dto import PaymentMethodDTO
from .payment_method_list import PaymentMethodList
from .payout_confirmed import PayoutConfirmed
from .payout_item import PayoutItem
from .payout_page import PayoutPage
from .pick_up_order_api_v1_agent_orders_order_id_pickup_post_response_pick_up_order_api_v1_agent_orders_order_id_pickup_post import (
    PickUpOrderApiV1AgentOrdersOrderIdPickupPostResponsePickUpOrderApiV1AgentOrdersOrderIdPickupPost,
)
from .picked_up_out import PickedUpOut
from .plan_create import PlanCreate
from .plan_create_interval import PlanCreateInterval
from .plan_create_status import PlanCreateStatus
from .plan_list import PlanList
from .plan_patch import PlanPatch
from .plan_patch_interval import PlanPatchInterval
from .plan_patch_status import PlanPatchStatus
from .plan_ui import PlanUi
from .pong import Pong
from .pong_scope import PongScope
from .presign_api_v1_media_presign_post_response_presign_api_v1_media_presign_post import (
    PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost,
)
from .presign_in import PresignIn
from .presign_out import PresignOut
from .presign_out_headers import PresignOutHeaders
from .product_dto import ProductDTO
from .product_in import ProductIn
from .product_in_category import ProductInCategory
from .product_in_classification_type_0 import ProductInClassificationType0
from .product_in_feelings_item import ProductInFeelingsItem
from .product_in_flavors_item import ProductInFlavorsItem
from .product_in_unit import ProductInUnit
from .product_in_usage_item import ProductInUsageItem
from .product_list_dto import ProductListDTO
from .product_media_dto import ProductMediaDTO
from .product_patch_in import ProductPatchIn
from .product_patch_in_category import ProductPatchInCategory
from .product_patch_in_classification_type_0 import ProductPatchInClassificationType0
from .product_patch_in_feelings_item import ProductPatchInFeelingsItem
from .product_patch_in_flavors_item import ProductPatchInFlavorsItem
from .product_patch_in_unit import ProductPatchInUnit
from .product_patch_in_usage_item import ProductPatchInUsageItem
from .product_summary_dto import ProductSummaryDTO
from .public_ping_api_public_ping_get_response_public_ping_api_public_ping_get import (
    PublicPingApiPublicPingGetResponsePublicPingApiPublicPingGet,
)
from .public_validate_api_public_validate_post_response_public_validate_api_public_validate_post import (
    PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost,
)
from .quote_api_v1_cart_post_response_quote_api_v1_cart_post import (
    QuoteApiV1CartPostResponseQuoteApiV1CartPost,
)
from .quote_in import QuoteIn
from .quote_item_in import QuoteItemIn
from .read_all_out import ReadAllOut
from .read_out import ReadOut
from .receive_stripe_event_api_v1_webhooks_stripe_post_body import (
    ReceiveStripeEventApiV1WebhooksStripePostBody,
)
from .receive_stripe_event_api_v1_webhooks_stripe_post_body_data import (
    ReceiveStripeEventApiV1WebhooksStripePostBodyData,
)
from .receive_stripe_event_api_v1_webhooks_stripe_post_body_data_object import (
    ReceiveStripeEventApiV1WebhooksStripePostBodyDataObject,
)
from .receive_stripe_event_api_v1_webhooks_stripe_post_response_receive_stripe_event_api_v1_webhooks_stripe_post import (
    ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost,
)
from .reconciliation_out import ReconciliationOut
from .refresh_api_v1_auth_refresh_post_response_refresh_api_v1_auth_refresh_post import (
    RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost,
)
from .refresh_in import RefreshIn
from .refresh_out import RefreshOut
from .register_api_v1_auth_register_post_response_register_api_v1_auth_register_post import (
    RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost,
)
from .register_in import RegisterIn
from .register_in_store_type import RegisterInStoreType
from .rejected_vendor import RejectedVendor
from .remove_from_wishlist_api_v1_wishlist_items_product_id_delete_response_remove_from_wishlist_api_v1_wishlist_items_product_id_delete import (
    RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete,
)
from .resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post_response_resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post import (
    ResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPostResponseResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPost,
)
from .resolve_payment_in import ResolvePaymentIn
from .resolve_request import ResolveRequest
from .resolved_address_out import ResolvedAddressOut
from .resume_subscription_api_v1_vendor_subscriptions_resume_post_response_resume_subscription_api_v1_vendor_subscriptions_resume_post import (
    ResumeSubscriptionApiV1VendorSubscriptionsResumePostResponseResumeSubscriptionApiV1VendorSubscriptionsResumePost,
)
from .retried_out import RetriedOut
from .retry_order_api_v1_orders_order_id_retry_post_response_retry_order_api_v1_orders_order_id_retry_post import (
    RetryOrderApiV1OrdersOrderIdRetryPostResponseRetryOrderApiV1OrdersOrderIdRetryPost,
)
from .review_dto import ReviewDTO
from .review_in import ReviewIn
from .review_page import ReviewPage
from .session_out import SessionOut
from .set_default_card_api_v1_vendor_payment_methods_payment_method_id_patch_response_set_default_card_api_v1_vendor_payment_methods_payment_method_id_patch import (
    SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch,
)
from .set_default_request import SetDefaultRequest
from .set_inventory_api_v1_inventory_product_id_put_response_set_inventory_api_v1_inventory_product_id_put import (
    SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut,
)
from .set_kyc_api_admin_v1_stores_store_id_kyc_post_response_set_kyc_api_admin_v1_stores_store_id_kyc_post import (
    SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost,
)
from .setup_intent_dto import SetupIntentDTO
from .setup_intent_dto_provider import SetupIntentDTOProvider
from .shipping_line_in import ShippingLineIn
from .shipping_line_view import ShippingLineView
from .social import Social
from .store_dto import StoreDTO
from .store_dto_address import StoreDTOAddress
from .store_dto_ratings_type_0 import StoreDTORatingsType0
from .store_dto_social_type_0 import StoreDTOSocialType0
from .store_ping_api_ping_get_response_store_ping_api_ping_get import (
    StorePingApiPingGetResponseStorePingApiPingGet,
)
from .store_summary import StoreSummary
from .store_update_in import StoreUpdateIn
from .storefront_products_api_v1_stores_store_id_products_get_category_type_0 import (
    StorefrontProductsApiV1StoresStoreIdProductsGetCategoryType0,
)
from .storefront_products_api_v1_stores_store_id_products_get_classification_type_0 import (
    StorefrontProductsApiV1StoresStoreIdProductsGetClassificationType0,
)
from .storefront_products_api_v1_stores_store_id_products_get_response_storefront_products_api_v1_stores_store_id_products_get import (
    StorefrontProductsApiV1StoresStoreIdProductsGetResponseStorefrontProductsApiV1StoresStoreIdProductsGet,
)
from .storefront_products_api_v1_stores_store_id_products_get_sort_type_0 import (
    StorefrontProductsApiV1StoresStoreIdProductsGetSortType0,
)
from .subscribe_in import SubscribeIn
from .subscription_dto import SubscriptionDTO
from .subscription_dto_provider import SubscriptionDTOProvider
from .suggestion_out import SuggestionOut
from .suggestions_out import SuggestionsOut
from .switch_out import SwitchOut
from .switch_out_store_type import SwitchOutStoreType
from .switch_store_api_v1_auth_switch_store_post_response_switch_store_api_v1_auth_switch_store_post import (
    SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost,
)
from .switch_store_in import SwitchStoreIn
from .update_my_store_api_v1_stores_me_put_response_update_my_store_api_v1_stores_me_put import (
    UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut,
)
from .update_plan_api_admin_v1_billing_plans_plan_id_patch_response_update_plan_api_admin_v1_billing_plans_plan_id_patch import (
    UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch,
)
from .update_product_api_v1_vendor_products_product_id_patch_response_update_product_api_v1_vendor_products_product_id_patch import (
    UpdateProductApiV1VendorProductsProductIdPatchResponseUpdateProductApiV1VendorProductsProductIdPatch,
)
from .user_dto import UserDTO
from .user_ping_api_v1_ping_get_response_user_ping_api_v1_ping_get import (
    UserPingApiV1PingGetResponseUserPingApiV1PingGet,
)
from .validate_in import ValidateIn
from .vendor_dto import VendorDTO
from .vendor_facet_dto import VendorFacetDTO
from .vendor_group_view import VendorGroupView
from .vendor_group_view_promo_type_0 import VendorGroupViewPromoType0
from .vendor_history_view import VendorHistoryView
from .vendor_money_out import VendorMoneyOut
from .vendor_products_api_v1_vendor_products_get_category_type_0 import (
    VendorProductsApiV1VendorProductsGetCategoryType0,
)
from .vendor_products_api_v1_vendor_products_get_classification_type_0 import (
    VendorProductsApiV1VendorProductsGetClassificationType0,
)
from .vendor_products_api_v1_vendor_products_get_response_vendor_products_api_v1_vendor_products_get import (
    VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet,
)
from .vendor_products_api_v1_vendor_products_get_sort_type_0 import (
    VendorProductsApiV1VendorProductsGetSortType0,
)
from .vendor_promo_in import VendorPromoIn
from .vendor_summary_dto import VendorSummaryDTO
from .volume_discount_dto import VolumeDiscountDTO
from .volume_discount_in import VolumeDiscountIn
from .warning import Warning_
from .webhook_received import WebhookReceived
from .wishlist_ids_api_v1_wishlist_ids_get_response_wishlist_ids_api_v1_wishlist_ids_get import (
    WishlistIdsApiV1WishlistIdsGetResponseWishlistIdsApiV1WishlistIdsGet,
)
from .wishlist_ids_page import WishlistIdsPage
from .wishlist_item_dto import WishlistItemDTO
from .wishlist_item_in import WishlistItemIn
from .wishlist_page import WishlistPage

__all__ = (
    "AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost",
    "AddCardRequest",
    "AddressIn",
    "AddToWishlistApiV1WishlistItemsPostResponseAddToWishlistApiV1WishlistItemsPost",
    "AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost",
    "AdminPingApiAdminPingGetResponseAdminPingApiAdminPingGet",
    "AdminQueueApiAdminV1LicensesGetResponseAdminQueueApiAdminV1LicensesGet",
    "AdminQueueApiAdminV1LicensesGetStatus",
    "AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost",
    "AdminRegisterIn",
    "AdminSessionOut",
    "AdminV1PingApiAdminV1PingGetResponseAdminV1PingApiAdminV1PingGet",
    "AgentIn",
    "AgentOrderList",
    "AgentOrderSummary",
    "AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet",
    "AppliedVolumeDiscount",
    "AssignAgentApiAdminV1OrdersOrderIdAssignAgentPostResponseAssignAgentApiAdminV1OrdersOrderIdAssignAgentPost",
    "AssignAgentIn",
    "BillingCustomerDTO",
    "BillingPlanDTO",
    "BillingPlanDTOUi",
    "BrowseProductsApiV1ProductsGetCategoryType0",
    "BrowseProductsApiV1ProductsGetClassificationType0",
    "BrowseProductsApiV1ProductsGetResponseBrowseProductsApiV1ProductsGet",
    "BrowseProductsApiV1ProductsGetSortType0",
    "CanceledOut",
    "CancelIn",
    "CancelOrderApiV1OrdersOrderIdCancelPostResponseCancelOrderApiV1OrdersOrderIdCancelPost",
    "CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost",
    "CartItemView",
    "CartQuote",
    "CartQuoteBillingAddressType0",
    "CartQuoteShippingAddressType0",
    "CashCollectedOut",
    "CashIn",
    "ChargeDTO",
    "ChargePage",
    "CheckoutCartApiV1CheckoutPostResponse200CheckoutCartApiV1CheckoutPost",
    "CheckoutCartApiV1CheckoutPostResponseCheckoutCartApiV1CheckoutPost",
    "CheckoutIn",
    "CheckoutInPaymentMethod",
    "CheckoutResultView",
    "CheckoutResultViewBillingAddressType0",
    "CheckoutResultViewShippingAddressType0",
    "CheckoutResultViewShippingLineType0",
    "CheckoutVendorOrder",
    "ClaimOrderApiV1AgentOrdersOrderIdClaimPostResponseClaimOrderApiV1AgentOrdersOrderIdClaimPost",
    "CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost",
    "ConfirmationVendorOrder",
    "ConfirmationVendorOrderPromoType0",
    "ConfirmationView",
    "ConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPostResponseConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPost",
    "CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost",
    "CreateLicenseApiV1LicensesPostResponseCreateLicenseApiV1LicensesPost",
    "CreatePlanApiAdminV1BillingPlansPostResponseCreatePlanApiAdminV1BillingPlansPost",
    "CreateProductApiV1VendorProductsPostResponseCreateProductApiV1VendorProductsPost",
    "CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost",
    "CreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPostResponseCreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPost",
    "CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost",
    "CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost",
    "CustomerRequest",
    "DataEnvelopeResolvedAddressOut",
    "DataEnvelopeSuggestionsOut",
    "DecideApiAdminV1LicensesLicenseIdVerifyPostResponseDecideApiAdminV1LicensesLicenseIdVerifyPost",
    "DecideLineApiV1VendorOrdersOrderIdLineItemsDecisionPostResponseDecideLineApiV1VendorOrdersOrderIdLineItemsDecisionPost",
    "DecideOrderApiV1VendorOrdersOrderIdDecisionPostResponseDecideOrderApiV1VendorOrdersOrderIdDecisionPost",
    "DecisionIn",
    "DecisionInDecision",
    "DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete",
    "DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete",
    "DeliveredOut",
    "DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost",
    "DriftingOrderOut",
    "DriftOut",
    "DriftOutByReason",
    "EnsureBillingCustomerApiAdminV1BillingCustomersPostResponseEnsureBillingCustomerApiAdminV1BillingCustomersPost",
    "ErrorResponse",
    "ErrorResponseError",
    "ErrorResponseErrorCode",
    "ErrorResponseErrorDetails",
    "FacetsDTO",
    "FacetValueDTO",
    "FinancePaymentIntentView",
    "FinancePaymentIntentViewMethod",
    "FinancePaymentIntentViewStatus",
    "GetCartApiV1CartGetResponseGetCartApiV1CartGet",
    "GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet",
    "GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet",
    "GetOrderApiV1AgentOrdersOrderIdGetResponseGetOrderApiV1AgentOrdersOrderIdGet",
    "GetOrderApiV1OrdersOrderIdGetResponseGetOrderApiV1OrdersOrderIdGet",
    "GetPayoutApiAdminV1OrdersPayoutsOrderIdGetResponseGetPayoutApiAdminV1OrdersPayoutsOrderIdGet",
    "GetProductApiV1ProductsProductIdGetResponseGetProductApiV1ProductsProductIdGet",
    "GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet",
    "GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet",
    "GetSubscriptionApiV1VendorSubscriptionsGetResponseGetSubscriptionApiV1VendorSubscriptionsGet",
    "GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet",
    "HistoryTotalsView",
    "InventoryDTO",
    "InventoryIn",
    "InventoryPatchIn",
    "InventoryRowDTO",
    "InventorySetIn",
    "InviteIn",
    "InviteInRole",
    "InviteMemberApiV1StoresMeUsersInvitePostResponseInviteMemberApiV1StoresMeUsersInvitePost",
    "InviteOut",
    "JwkOut",
    "JwksOut",
    "KycIn",
    "KycInAction",
    "KycOut",
    "LicenseDTO",
    "LicenseIn",
    "LicenseInType",
    "LicensePage",
    "LicenseRef",
    "LineDecisionIn",
    "LineDecisionInDecision",
    "LineDecisionOut",
    "LineItemView",
    "LineOut",
    "ListAdminNotificationsApiAdminV1NotificationsGetResponseListAdminNotificationsApiAdminV1NotificationsGet",
    "ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet",
    "ListAdminPlansApiAdminV1BillingPlansGetStatusType0",
    "ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet",
    "ListChargesApiV1VendorBillingChargesGetStatusType0",
    "ListChargesApiV1VendorBillingChargesGetTypeType0",
    "ListInventoryApiV1InventoryGetResponseListInventoryApiV1InventoryGet",
    "ListLicensesApiV1LicensesGetResponseListLicensesApiV1LicensesGet",
    "ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet",
    "ListMembersApiV1StoresMeUsersGetResponseListMembersApiV1StoresMeUsersGet",
    "ListMyOrdersApiV1AgentOrdersGetResponseListMyOrdersApiV1AgentOrdersGet",
    "ListNotificationsApiV1NotificationsGetResponseListNotificationsApiV1NotificationsGet",
    "ListOrdersApiV1OrdersGetPerspectiveType0",
    "ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet",
    "ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet",
    "ListPaymentMethodsApiV1VendorPaymentMethodsGetResponseListPaymentMethodsApiV1VendorPaymentMethodsGet",
    "ListPayoutsApiAdminV1OrdersPayoutsGetResponseListPayoutsApiAdminV1OrdersPayoutsGet",
    "ListQueueApiV1AgentOrdersQueueGetResponseListQueueApiV1AgentOrdersQueueGet",
    "ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet",
    "ListVendorPlansApiV1VendorBillingPlansGetResponseListVendorPlansApiV1VendorBillingPlansGet",
    "ListWishlistApiV1WishlistGetResponseListWishlistApiV1WishlistGet",
    "LoginApiV1AuthLoginPostResponseLoginApiV1AuthLoginPost",
    "LoginIn",
    "LogisticsAssignmentView",
    "LogisticsOrderDetailOrder",
    "LogisticsOrderDetailOrderShippingAddressType0",
    "LogisticsOrderDetailView",
    "LogisticsPaymentIntentView",
    "LogoutApiV1AuthLogoutPostResponseLogoutApiV1AuthLogoutPost",
    "LogoutOut",
    "MarkAllReadApiV1NotificationsReadAllPostResponseMarkAllReadApiV1NotificationsReadAllPost",
    "MarkReadApiV1NotificationsNotificationIdReadPostResponseMarkReadApiV1NotificationsNotificationIdReadPost",
    "MediaDTO",
    "MediaDTODerivatives",
    "MediaKind",
    "MediaPage",
    "MediaStatus",
    "MembershipUserDTO",
    "MoneyOut",
    "NotificationDTO",
    "NotificationDTOAudience",
    "NotificationPage",
    "NudgedOut",
    "NudgeOrderApiV1OrdersOrderIdNudgePostResponseNudgeOrderApiV1OrdersOrderIdNudgePost",
    "OrderDecisionIn",
    "OrderDecisionInDecision",
    "OrderLineView",
    "OrderListView",
    "OrdersAssignmentView",
    "OrdersOrderDetailOrder",
    "OrdersOrderDetailOrderShippingAddressType0",
    "OrdersOrderDetailView",
    "OrdersPaymentIntentView",
    "OrderStatusOut",
    "OrderStoreSummary",
    "OrderStoreSummaryAddressType0",
    "OrderSummary",
    "OwnerDetail",
    "PaginationDTO",
    "PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost",
    "PaymentMethodDTO",
    "PaymentMethodList",
    "PayoutConfirmed",
    "PayoutItem",
    "PayoutPage",
    "PickedUpOut",
    "PickUpOrderApiV1AgentOrdersOrderIdPickupPostResponsePickUpOrderApiV1AgentOrdersOrderIdPickupPost",
    "PlanCreate",
    "PlanCreateInterval",
    "PlanCreateStatus",
    "PlanList",
    "PlanPatch",
    "PlanPatchInterval",
    "PlanPatchStatus",
    "PlanUi",
    "Pong",
    "PongScope",
    "PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost",
    "PresignIn",
    "PresignOut",
    "PresignOutHeaders",
    "ProductDTO",
    "ProductIn",
    "ProductInCategory",
    "ProductInClassificationType0",
    "ProductInFeelingsItem",
    "ProductInFlavorsItem",
    "ProductInUnit",
    "ProductInUsageItem",
    "ProductListDTO",
    "ProductMediaDTO",
    "ProductPatchIn",
    "ProductPatchInCategory",
    "ProductPatchInClassificationType0",
    "ProductPatchInFeelingsItem",
    "ProductPatchInFlavorsItem",
    "ProductPatchInUnit",
    "ProductPatchInUsageItem",
    "ProductSummaryDTO",
    "PublicPingApiPublicPingGetResponsePublicPingApiPublicPingGet",
    "PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost",
    "QuoteApiV1CartPostResponseQuoteApiV1CartPost",
    "QuoteIn",
    "QuoteItemIn",
    "ReadAllOut",
    "ReadOut",
    "ReceiveStripeEventApiV1WebhooksStripePostBody",
    "ReceiveStripeEventApiV1WebhooksStripePostBodyData",
    "ReceiveStripeEventApiV1WebhooksStripePostBodyDataObject",
    "ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost",
    "ReconciliationOut",
    "RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost",
    "RefreshIn",
    "RefreshOut",
    "RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost",
    "RegisterIn",
    "RegisterInStoreType",
    "RejectedVendor",
    "RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete",
    "ResolvedAddressOut",
    "ResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPostResponseResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPost",
    "ResolvePaymentIn",
    "ResolveRequest",
    "ResumeSubscriptionApiV1VendorSubscriptionsResumePostResponseResumeSubscriptionApiV1VendorSubscriptionsResumePost",
    "RetriedOut",
    "RetryOrderApiV1OrdersOrderIdRetryPostResponseRetryOrderApiV1OrdersOrderIdRetryPost",
    "ReviewDTO",
    "ReviewIn",
    "ReviewPage",
    "SessionOut",
    "SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch",
    "SetDefaultRequest",
    "SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut",
    "SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost",
    "SetupIntentDTO",
    "SetupIntentDTOProvider",
    "ShippingLineIn",
    "ShippingLineView",
    "Social",
    "StoreDTO",
    "StoreDTOAddress",
    "StoreDTORatingsType0",
    "StoreDTOSocialType0",
    "StorefrontProductsApiV1StoresStoreIdProductsGetCategoryType0",
    "StorefrontProductsApiV1StoresStoreIdProductsGetClassificationType0",
    "StorefrontProductsApiV1StoresStoreIdProductsGetResponseStorefrontProductsApiV1StoresStoreIdProductsGet",
    "StorefrontProductsApiV1StoresStoreIdProductsGetSortType0",
    "StorePingApiPingGetResponseStorePingApiPingGet",
    "StoreSummary",
    "StoreUpdateIn",
    "SubscribeIn",
    "SubscriptionDTO",
    "SubscriptionDTOProvider",
    "SuggestionOut",
    "SuggestionsOut",
    "SwitchOut",
    "SwitchOutStoreType",
    "SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost",
    "SwitchStoreIn",
    "UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut",
    "UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch",
    "UpdateProductApiV1VendorProductsProductIdPatchResponseUpdateProductApiV1VendorProductsProductIdPatch",
    "UserDTO",
    "UserPingApiV1PingGetResponseUserPingApiV1PingGet",
    "ValidateIn",
    "VendorDTO",
    "VendorFacetDTO",
    "VendorGroupView",
    "VendorGroupViewPromoType0",
    "VendorHistoryView",
    "VendorMoneyOut",
    "VendorProductsApiV1VendorProductsGetCategoryType0",
    "VendorProductsApiV1VendorProductsGetClassificationType0",
    "VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet",
    "VendorProductsApiV1VendorProductsGetSortType0",
    "VendorPromoIn",
    "VendorSummaryDTO",
    "VolumeDiscountDTO",
    "VolumeDiscountIn",
    "Warning_",
    "WebhookReceived",
    "WishlistIdsApiV1WishlistIdsGetResponseWishlistIdsApiV1WishlistIdsGet",
    "WishlistIdsPage",
    "WishlistItemDTO",
    "WishlistItemIn",
    "WishlistPage",
)
